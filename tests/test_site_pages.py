"""The public pages other than /documents/: status, key content, published records only, fixed query counts.

Every page's query count includes one for the conditional-GET check (the site's last change).
"""

import datetime

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from registry import models
from registry.views import meetings_in_order
from tests.factories import (
    DocumentFactory,
    HonourFactory,
    MeetingSeriesFactory,
    PartyFactory,
    PersonFactory,
    SignatureFactory,
    SourceFactory,
    StateFactory,
    SummitFactory,
    TargetFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


def get(client, url: str, queries: int, django_assert_num_queries) -> str:
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def council():
    """A series with meetings no. 1 and 3 (no. 2 unrecorded), two states, leaders, documents, an honour, a target."""
    kg, kz = StateFactory(name_en="Kyrgyzstan"), StateFactory(name_en="Kazakhstan")
    series = MeetingSeriesFactory(name_en="Supreme Council")
    series.members.set([kg, kz])
    first = SummitFactory(series=series, ordinal=1, name_en="First council", start_date=datetime.date(2019, 5, 1))
    third = SummitFactory(series=series, ordinal=3, name_en="Third council", host=kg, city_en="Bishkek")
    third.participants.set([kg, kz])
    third.sources.add(SourceFactory(title="Council report"))
    president = PersonFactory(name_en="President A", party=kg)
    models.SummitLeader.objects.create(summit=third, person=president, party=kg, role_en="President")
    water, trade = TopicFactory(key="water", name_en="Water"), TopicFactory(key="trade", name_en="Trade")
    both = [kg, kz]
    treaty = DocumentFactory(summit=third, kind="treaty", title_en="Friendship treaty", parties=both, topics=[trade])
    DocumentFactory(summit=third, kind="memorandum", title_en="Water memorandum", parties=both, topics=[water, trade])
    DocumentFactory(summit=third, title_en="Hidden draft", parties=[kg], publication_state="draft")
    SignatureFactory(document=treaty, person=president, party=kg, capacity_en="President of the Republic")
    HonourFactory(summit=third, recipient=president, conferred_by=kz, name_en="Order of the Eagle")
    target = TargetFactory(set_at_summit=third, description_en="Trade of USD 3 billion by 2030")
    models.TargetObservation.objects.create(target=target, date=datetime.date(2024, 12, 31), value=2_100_000_000)
    return {"kg": kg, "kz": kz, "series": series, "first": first, "third": third, "president": president} | {
        "target": target
    }


def test_the_summit_list_shows_published_summits_with_document_counts(client, council, django_assert_num_queries):
    SummitFactory(name_en="Secret summit", publication_state="draft")
    content = get(client, reverse("summit-list"), 7, django_assert_num_queries)
    assert "Third council" in content and "First council" in content and "Secret summit" not in content
    assert "2 documents" in content


def test_the_summit_list_filters_by_year_host_series_and_kind(client, council):
    SummitFactory(name_en="Forum in Almaty", kind="forum", host=council["kz"], start_date=datetime.date(2019, 9, 1))
    url = reverse("summit-list")

    def names(query: str) -> set[str]:
        response = client.get(f"{url}?{query}")
        assert response.status_code == 200
        return {summit.name for summit in response.context["object_list"]}

    assert names("year=2019") == {"First council", "Forum in Almaty"}
    assert names("year=2019&year=2025") == {"First council", "Forum in Almaty", "Third council"}
    assert names(f"host={council['kz'].slug}") == {"Forum in Almaty"}
    assert names(f"series={council['series'].slug}") == {"First council", "Third council"}
    assert names("kind=forum") == {"Forum in Almaty"}
    assert names("kind=summit&year=2019") == {"First council"}


def test_the_summit_facets_count_under_the_other_filters(client, council):
    SummitFactory(name_en="Forum in Almaty", kind="forum", host=council["kz"], start_date=datetime.date(2019, 9, 1))
    facets = client.get(reverse("summit-list") + "?kind=summit").context["facets"]
    assert {(row["value"], row["count"]) for row in facets["year"]} == {(2019, 1), (2025, 1)}
    # The kind facet ignores the kind filter itself, so the other kinds stay reachable.
    assert {(row["value"], row["count"], row["selected"]) for row in facets["kind"]} == {
        ("summit", 2, True),
        ("forum", 1, False),
    }
    assert [(row["label"], row["count"]) for row in facets["host"]] == [("Kyrgyzstan", 1)]
    assert [(row["label"], row["count"]) for row in facets["series"]] == [("Supreme Council", 2)]


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ("year=20x5", "“20x5” is not a year."),
        ("host=atlantis", "“atlantis” does not exist."),
        ("page=9", "“9” is past the last page."),
    ],
)
def test_a_bad_summit_filter_is_answered_400_naming_the_value(client, council, query, named):
    response = client.get(reverse("summit-list") + "?" + query)
    assert response.status_code == 400 and named in response.content.decode()


def test_a_summit_page_shows_everything_that_happened_there(client, council, django_assert_num_queries):
    content = get(client, council["third"].get_absolute_url(), 10, django_assert_num_queries)
    for text in ["Third council", "Bishkek", "President A", "Friendship treaty", "Water memorandum"]:
        assert text in content
    assert "Order of the Eagle" in content
    assert "Hidden draft" not in content
    assert "Trade of USD 3 billion by 2030" in content and "last observed: USD 2.1 billion in 2024" in content
    assert content.index("Memorandum of understanding") < content.index("Water memorandum")
    assert council["first"].get_absolute_url() in content and 'rel="prev"' in content
    assert "Council report" in content and "Last changed" in content


def test_a_summit_page_links_the_next_meeting_of_its_series(client, council):
    content = client.get(council["first"].get_absolute_url()).content.decode()
    assert 'rel="next"' in content and council["third"].get_absolute_url() in content and 'rel="prev"' not in content


def test_unnumbered_meetings_link_their_neighbours_by_date():
    series = MeetingSeriesFactory()
    dates = [datetime.date(2020, 1, 1), datetime.date(2021, 1, 1), datetime.date(2022, 1, 1)]
    first, middle, last = (SummitFactory(series=series, start_date=date) for date in dates)
    SummitFactory(series=series, start_date=datetime.date(2021, 6, 1), publication_state="draft")
    assert middle.neighbours_in_series() == (first, last)
    assert first.neighbours_in_series() == (None, middle)
    assert SummitFactory(series=None).neighbours_in_series() == (None, None)


def test_a_target_not_observed_yet_says_so_on_its_summit_page(client, council):
    TargetFactory(set_at_summit=council["third"], description_en="A new road")
    content = client.get(council["third"].get_absolute_url()).content.decode()
    assert "A new road" in content and "not observed yet" in content
    assert "last observed: USD 2.1 billion in 2024" in content


def test_the_series_page_lists_meetings_in_order_and_shows_gaps_as_unknown(client, council, django_assert_num_queries):
    content = get(client, council["series"].get_absolute_url(), 4, django_assert_num_queries)
    gap = content.index("Meeting no. 2: not recorded")
    assert content.index("First council") < gap < content.index("Third council")
    assert "2 documents" in content and "0 documents" in content


def test_meetings_in_order_puts_unnumbered_meetings_last():
    numbered, unnumbered = models.Summit(ordinal=2), models.Summit(ordinal=None)
    assert meetings_in_order([unnumbered, numbered]) == [(1, None), (2, numbered), (None, unnumbered)]


def test_the_party_list_groups_top_level_parties_by_kind(client, council, django_assert_num_queries):
    PartyFactory(name_en="Ministry of Energy", parent=council["kg"])
    content = get(client, reverse("party-list"), 3, django_assert_num_queries)
    assert "Kyrgyzstan" in content and "Ministry of Energy" not in content and "2 documents" in content


def test_a_party_page_shows_its_documents_partners_summits_and_bodies(client, council, django_assert_num_queries):
    PartyFactory(name_en="Ministry of Energy", parent=council["kg"])
    content = get(client, council["kg"].get_absolute_url(), 9, django_assert_num_queries)
    assert "Friendship treaty" in content and "Hidden draft" not in content
    assert f"{reverse('document-list')}?party={council['kg'].slug}" in content
    assert "Kazakhstan" in content and "2 documents together" in content
    assert "Third council" in content and "Ministry of Energy" in content


def test_a_page_is_kept_until_the_data_changes(client, council, django_assert_num_queries):
    url = council["kg"].get_absolute_url()
    get(client, url, 9, django_assert_num_queries)
    assert "Kazakhstan" in get(client, url, 1, django_assert_num_queries)  # only the site's last change
    uzbekistan = StateFactory(name_en="Uzbekistan")
    DocumentFactory(title_en="Transit agreement", parties=[council["kg"], uzbekistan])
    content = get(client, url, 9, django_assert_num_queries)  # the data changed: rendered again
    assert "Uzbekistan" in content and "1 document together" in content


def test_pages_that_staff_see_are_never_kept_for_the_public(admin_client):
    draft = DocumentFactory(title_en="Draft memorandum", publication_state="draft")
    assert "Draft memorandum" in admin_client.get(draft.get_absolute_url()).content.decode()  # a preview
    assert Client().get(draft.get_absolute_url()).status_code == 404  # admin_client is pytest's `client`


def test_a_party_page_lists_its_newest_summits_and_links_to_all_of_them(client, council, django_assert_num_queries):
    from registry.views import SUMMITS_SHOWN

    kg = council["kg"]
    for day in range(1, SUMMITS_SHOWN + 2):
        SummitFactory(name_en=f"Forum {day:02}", start_date=datetime.date(2030, 1, day)).participants.add(kg)
    content = get(client, kg.get_absolute_url(), 9, django_assert_num_queries)
    assert f"Forum {SUMMITS_SHOWN + 1:02}" in content and "Forum 01" not in content and "Third council" not in content
    all_summits = f"{reverse('summit-list')}?party={kg.slug}"
    assert all_summits in content
    listing = client.get(all_summits).content.decode()
    assert f"{SUMMITS_SHOWN + 2} summits" in listing  # every forum and the third council, not the first
    assert f'<input type="hidden" name="party" value="{kg.slug}">' in listing


def test_the_people_list_names_each_person_and_party(client, council, django_assert_num_queries):
    content = get(client, reverse("person-list"), 3, django_assert_num_queries)
    assert "President A" in content and "Kyrgyzstan" in content


def test_a_person_page_shows_offices_signatures_summits_and_spellings(client, council, django_assert_num_queries):
    person = council["president"]
    person.aliases = "Prezident A\nПрезидент А"
    person.save()
    content = get(client, person.get_absolute_url(), 4, django_assert_num_queries)
    assert "Prezident A, Президент А" in content
    assert "as President of the Republic, for Kyrgyzstan" in content and "Friendship treaty" in content
    assert "Third council" in content and "President of the Republic" in content


def test_a_topic_page_lists_its_published_documents(client, django_assert_num_queries):
    water = TopicFactory(key="water", name_en="Water")
    DocumentFactory(title_en="River agreement", topics=[water])
    DocumentFactory(title_en="Draft on wells", topics=[water], publication_state="draft")
    content = get(client, water.get_absolute_url(), 7, django_assert_num_queries)
    assert "River agreement" in content and "Draft on wells" not in content
    assert f"{reverse('document-list')}?topic=water" in content


def test_the_target_list_shows_deadlines_and_progress(client, council, django_assert_num_queries):
    TargetFactory(description_en="Build 100 km of road", unit="km", value=100)
    content = get(client, reverse("target-list"), 5, django_assert_num_queries)
    assert "USD 3 billion by 2030" in content and "last observed: USD 2.1 billion in 2024" in content
    assert "Build 100 km of road" in content and "not observed yet" in content


def test_a_target_page_draws_its_progress(client, council, django_assert_num_queries):
    content = get(client, council["target"].get_absolute_url(), 5, django_assert_num_queries)
    assert "USD 3 billion by 2030 — last observed: USD 2.1 billion in 2024" in content
    assert "<svg" in content and "<title" in content and "<desc" in content and "<table" in content


def test_the_home_page_shows_counts_latest_records_and_documents_per_year(client, council, django_assert_num_queries):
    content = get(client, reverse("home"), 10, django_assert_num_queries)
    assert 'role="search"' in content and "<strong>2</strong> documents" in content
    assert "Third council" in content and "Friendship treaty" in content and 'id="per-year"' in content


def test_the_statistics_page_draws_four_charts_with_tables(client, council, django_assert_num_queries):
    content = get(client, reverse("stats"), 6, django_assert_num_queries)
    assert content.count('role="img"') == 4 and content.count("<table") == 4
    assert content.count("<desc") == 4 and "closest pair is Kazakhstan and Kyrgyzstan with 2" in content


def test_each_record_page_shows_when_it_was_changed_and_verified(client, council):
    summit = council["third"]
    models.Summit.objects.filter(pk=summit.pk).update(verified_on=datetime.date(2025, 9, 1))
    content = client.get(summit.get_absolute_url()).content.decode()
    assert "Last changed" in content and 'datetime="2025-09-01"' in content


@pytest.mark.parametrize(
    "url", ["/summits/no-such/", "/series/no-such/", "/parties/no-such/", "/people/no-such/", "/topics/no-such/"]
)
def test_an_unknown_slug_gives_the_404_page_with_a_way_back(client, url):
    response = client.get(url)
    assert response.status_code == 404
    content = response.content.decode()
    assert "Page not found" in content and f'href="{reverse("home")}"' in content and 'role="search"' in content


def test_a_draft_summit_gives_the_404_page(client):
    summit = SummitFactory(publication_state="draft")
    assert client.get(summit.get_absolute_url()).status_code == 404


def test_pages_send_etag_and_last_modified_and_answer_304(client, council):
    url = council["third"].get_absolute_url()
    first = client.get(url)
    assert first.has_header("ETag") and first.has_header("Last-Modified")
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304


def test_a_change_to_any_record_changes_the_etag(client, council):
    url = council["third"].get_absolute_url()
    etag = client.get(url)["ETag"]
    document = models.Document.objects.get(title_en="Water memorandum")
    document.updated_at = document.updated_at + datetime.timedelta(seconds=5)
    models.Document.objects.filter(pk=document.pk).update(updated_at=document.updated_at)
    response = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200 and response["ETag"] != etag


def test_the_same_page_in_another_language_has_another_etag(client, council):
    url = council["third"].get_absolute_url()
    assert client.get(url)["ETag"] != client.get("/ru" + url)["ETag"]


def test_pages_carry_a_canonical_link(client, council):
    content = client.get(council["third"].get_absolute_url()).content.decode()
    assert f'<link rel="canonical" href="http://testserver{council["third"].get_absolute_url()}">' in content


def test_the_seed_summit_page_shows_the_seventh_meeting_in_full(client):
    call_command("loaddata", "seed", verbosity=0)
    summit = models.Summit.objects.get(slug="kg-kz-sic-7")
    content = client.get(summit.get_absolute_url()).content.decode()
    assert "7th meeting of the Kyrgyz-Kazakh Supreme Interstate Council" in content
    assert "Yntymak Ordo" in content
    assert "Sadyr Japarov" in content and "Kassym-Jomart Tokayev" in content
    for document in summit.documents.published():
        assert document.get_absolute_url() in content and document.title in content
    assert "Altyn Kyran" in content
    assert "USD 3 billion" in content
    assert reverse("summit-detail", args=["kg-kz-sic-6"]) in content and 'rel="prev"' in content


def test_the_sites_last_change_skips_empty_tables_and_sees_deletions():
    from registry.conditional import site_last_changed

    assert site_last_changed() is None  # every table empty
    TopicFactory(key="energy")  # one table (and its history) has rows, every other is empty
    first = site_last_changed()
    assert first is not None
    signature = SignatureFactory()
    added = site_last_changed()
    assert added > first
    signature.delete()  # no timestamp of its own: its history row records the deletion
    assert site_last_changed() > added
