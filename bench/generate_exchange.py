"""Write a synthetic exchange-format file of N documents (with parties, people, summits, signatures).

python bench/generate_exchange.py 10000 > documents.json
time python manage.py import_registry documents.json
"""

import json
import random
import sys


def generate(count: int, seed: int = 4) -> dict:
    """A kelisim/1 file: 40 states, 200 people, count // 10 summits and `count` documents."""
    rng = random.Random(seed)  # noqa: S311 (test data, not secrets)
    states = [f"{chr(65 + i // 26)}{chr(65 + i % 26)}" for i in range(40)]
    topics = ["trade", "energy", "water", "transport", "culture", "security", "health", "education"]
    people = [
        {"key": f"person-{n}", "name": {"en": f"Person {n}"}, "aliases": [], "party": states[n % 40]}
        for n in range(200)
    ]
    summits, documents = [], []
    for n in range(max(1, count // 10)):
        host = states[n % 40]
        summits.append(
            {
                "key": f"summit-{n}",
                "kind": "summit",
                "name": {"en": f"Summit {n}"},
                "start_date": f"{2000 + n % 25}-{1 + n % 12:02d}-{1 + n % 28:02d}",
                "host": host,
                "participants": sorted({host, states[(n + 1) % 40]}),
            }
        )
    for n in range(count):
        parties = sorted(rng.sample(states, 2))
        year, month, day = 1995 + n % 30, 1 + n % 12, 1 + n % 28
        signed_on = [f"{year}", f"{year}-{month:02d}", f"{year}-{month:02d}-{day:02d}"][n % 3]
        documents.append(
            {
                "key": f"document-{n}",
                "kind": rng.choice(["agreement", "memorandum", "protocol", "treaty", "joint_statement"]),
                "legal_nature": "unknown",
                "title": {"en": f"Agreement number {n} on {rng.choice(topics)}", "ru": f"Соглашение № {n}"},
                "summit": f"summit-{n % len(summits)}" if n % 2 else None,
                "signed_on": signed_on,
                "parties": parties,
                "signatories": [{"person": f"person-{states.index(parties[0])}", "party": parties[0]}],
                "topics": sorted(rng.sample(topics, 2)),
                "status": "signed",
                "sources": [{"url": f"https://news.example/{n}", "title": f"Report {n}"}],
            }
        )
    return {
        "format": "kelisim/1",
        "topics": [{"key": key, "name": {"en": key.title()}} for key in topics],
        "parties": [{"key": key, "kind": "state", "name": {"en": f"State {key}"}, "iso_code": key} for key in states],
        "people": people,
        "summits": summits,
        "documents": documents,
    }


if __name__ == "__main__":
    json.dump(generate(int(sys.argv[1]) if len(sys.argv) > 1 else 10000), sys.stdout, ensure_ascii=False)
