"""Simulated visitors of the public site: browse, search, filter, open records and download.

Run by load/run.py (`make load`) against gunicorn on 127.0.0.1; every request must answer 2xx or 3xx.
"""

import random

from locust import HttpUser, between, task

WORDS = ["trade", "water", "energy", "agreement", "memorandum", "transport", "border", "cooperation", "plan"]
KINDS = ["treaty", "agreement", "memorandum", "joint_statement", "declaration", "protocol", "roadmap"]
SORTS = ["-signed_on", "signed_on", "title"]


class Visitor(HttpUser):
    wait_time = between(0.5, 2)

    def on_start(self) -> None:
        """Learn some real slugs the way a visitor would: from the API's first pages."""
        documents = self.client.get("/api/v1/documents/?per_page=50", name="/api/v1/documents/").json()
        parties = self.client.get("/api/v1/parties/?per_page=50", name="/api/v1/parties/").json()
        summits = self.client.get("/api/v1/summits/?per_page=50", name="/api/v1/summits/").json()
        self.documents = [record["slug"] for record in documents["results"]]
        self.parties = [record["slug"] for record in parties["results"]]
        self.summits = [record["slug"] for record in summits["results"]]

    @task(3)
    def home(self) -> None:
        self.client.get("/", name="/")

    @task(6)
    def browse_documents(self) -> None:
        page = random.randint(1, 20)
        self.client.get(f"/documents/?page={page}&sort={random.choice(SORTS)}", name="/documents/?page&sort")

    @task(8)
    def search(self) -> None:
        words = " ".join(random.sample(WORDS, random.randint(1, 2)))
        self.client.get("/documents/", params={"q": words}, name="/documents/?q")

    @task(6)
    def filter_documents(self) -> None:
        params = {"kind": random.choice(KINDS), "signed_from": str(random.randint(1995, 2024))}
        if self.parties and random.random() < 0.5:
            params["party"] = random.choice(self.parties)
        self.client.get("/documents/", params=params, name="/documents/?kind&party&signed_from")

    @task(8)
    def open_document(self) -> None:
        if self.documents:
            self.client.get(f"/documents/{random.choice(self.documents)}/", name="/documents/[slug]/")

    @task(3)
    def open_summit(self) -> None:
        if self.summits:
            self.client.get(f"/summits/{random.choice(self.summits)}/", name="/summits/[slug]/")

    @task(3)
    def open_party(self) -> None:
        if self.parties:
            self.client.get(f"/parties/{random.choice(self.parties)}/", name="/parties/[slug]/")

    @task(2)
    def browse_in_russian(self) -> None:
        self.client.get("/ru/documents/", params={"kind": random.choice(KINDS)}, name="/ru/documents/?kind")

    @task(2)
    def summits_and_parties(self) -> None:
        self.client.get("/summits/", name="/summits/")
        self.client.get("/parties/", name="/parties/")

    @task(2)
    def download_csv(self) -> None:
        params = {"kind": random.choice(KINDS), "signed_from": str(random.randint(2015, 2024))}
        self.client.get("/documents.csv", params=params, name="/documents.csv?kind&signed_from")

    @task(2)
    def download_json(self) -> None:
        self.client.get("/documents.json", params={"q": random.choice(WORDS)}, name="/documents.json?q")

    @task(3)
    def api(self) -> None:
        self.client.get("/api/v1/documents/", params={"kind": random.choice(KINDS)}, name="/api/v1/documents/?kind")

    @task(1)
    def feed(self) -> None:
        self.client.get("/feeds/documents/", params={"q": random.choice(WORDS)}, name="/feeds/documents/?q")
