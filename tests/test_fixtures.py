"""The seed article, in full: one test per family of facts. The only module that loads fixtures/."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import translation

from registry import models

ARTICLE_TITLE = "Kırgızistan ile Kazakistan, 2030 için ticaret hedefini 3 milyar dolara yükseltmeyi planlıyor"


@pytest.fixture
def seed(db):
    call_command("loaddata", "seed", verbosity=0)


@pytest.fixture
def article(seed):
    return models.Source.objects.get(title=ARTICLE_TITLE)


def test_the_seventh_meeting(seed):
    summit = models.Summit.objects.published().get(series__key="kg-kz-supreme-interstate-council", ordinal=7)
    assert summit.start_date == datetime.date(2025, 8, 22)
    assert summit.kind == "council_meeting"
    assert (summit.city_en, summit.city_tr, summit.city_ru) == ("Bishkek", "Bişkek", "Бишкек")
    assert "Yntymak Ordo" in summit.venue_en and "Intımak-Ordo" in summit.venue_tr
    assert summit.host.iso_code == "KG"
    assert {p.iso_code for p in summit.participants.all()} == {"KG", "KZ"}
    leaders = {(leader.person.key, leader.party.iso_code, leader.role_en) for leader in summit.leaders.all()}
    assert leaders == {
        ("sadyr-japarov", "KG", "President of the Kyrgyz Republic"),
        ("kassym-jomart-tokayev", "KZ", "President of the Republic of Kazakhstan"),
    }
    assert "official visit" in summit.description_en


def test_the_sixth_meeting_in_astana_in_2024(seed):
    summit = models.Summit.objects.published().get(series__key="kg-kz-supreme-interstate-council", ordinal=6)
    assert summit.city_en == "Astana"
    assert summit.dates_display == "2024"
    treaty = summit.documents.get()
    assert treaty.kind == "treaty" and treaty.legal_nature == "binding"
    assert treaty.signed_on_display == "2024"
    assert treaty.title_tr == "Müttefik İlişkilerin Derinleştirilmesi ve Genişletilmesine İlişkin Anlaşma"


def test_the_people_and_their_spellings(seed):
    japarov = models.Person.objects.get(key="sadyr-japarov")
    tokayev = models.Person.objects.get(key="kassym-jomart-tokayev")
    assert "Sadır Caparov" in japarov.alias_list and "Жапаров" in japarov.alias_list
    assert "Kasım Cömert Tokayev" in tokayev.alias_list and "Токаев" in tokayev.alias_list
    assert (japarov.party.iso_code, tokayev.party.iso_code) == ("KG", "KZ")


EXPECTED_DOCUMENTS = {
    # key: (kind, legal nature, topics, Turkish title as the article writes it)
    "kg-kz-sic-7-decision": (
        "decision",
        "unknown",
        {"diplomacy"},
        "Kırgızistan-Kazakistan Yüksek Devletlerarası Konseyi Toplantısı Kararı",
    ),
    "kg-kz-joint-statement-2025": (
        "joint_statement",
        "non_binding",
        {"diplomacy"},
        "Cumhurbaşkanlarının Ortak Bildirisi",
    ),
    "kg-kz-trade-roadmap": ("roadmap", "unknown", {"trade"}, "Ticaret hacminin artırılmasına yönelik yol haritası"),
    "kg-kz-almaty-wholesale-centre-mou": (
        "memorandum",
        "non_binding",
        {"trade"},
        "Almatı bölgesinde toptan dağıtım merkezi inşasına ilişkin mutabakat muhtırası",
    ),
    "kg-kz-border-guard-training": ("other", "unknown", {"border", "security"}, "Sınır muhafız birliklerinin eğitimi"),
    "kg-kz-embassy-buildings": ("other", "unknown", {"diplomacy"}, "Büyükelçilik binalarının karşılıklı tahsisi"),
    "kg-kz-pension-information": ("other", "unknown", {"social-security"}, "Emeklilik bilgisi paylaşımı"),
    "kg-kz-culture-action-plan": ("action_plan", "unknown", {"culture"}, "Kültür alanında eylem planı"),
    "kg-kz-tourism-action-plan": ("action_plan", "unknown", {"tourism"}, "Turizm alanında eylem planı"),
    "kg-kz-media-cooperation-memoranda": (
        "memorandum",
        "non_binding",
        {"media"},
        "Medya kuruluşları arasında işbirliği mutabakatları",
    ),
    "kg-kz-comprehensive-cooperation-plan": (
        "plan",
        "unknown",
        {"diplomacy", "trade", "investment", "energy", "transport", "culture", "humanitarian"},
        "Kapsamlı İşbirliği Planı",
    ),
}


def test_every_document_the_article_names(seed):
    documents = models.Document.objects.published().filter(summit__key="kg-kz-sic-7")
    assert {d.key for d in documents} == set(EXPECTED_DOCUMENTS)
    for document in documents:
        kind, nature, topics, title_tr = EXPECTED_DOCUMENTS[document.key]
        assert (document.kind, document.legal_nature, document.title_tr) == (kind, nature, title_tr), document.key
        assert {t.key for t in document.topics.all()} == topics, document.key
        assert {p.iso_code for p in document.parties.all()} == {"KG", "KZ"}, document.key
        assert document.signed_on == datetime.date(2025, 8, 22), document.key
        assert document.title_en and document.title_ru, document.key


def test_the_presidents_sign_the_decision_and_the_joint_statement(seed):
    for key in ("kg-kz-sic-7-decision", "kg-kz-joint-statement-2025"):
        signers = {(s.person.key, s.party.iso_code) for s in models.Signature.objects.filter(document__key=key)}
        assert signers == {("sadyr-japarov", "KG"), ("kassym-jomart-tokayev", "KZ")}


def test_the_trade_target(seed):
    target = models.Target.objects.get(key="kg-kz-trade-3bn-2030")
    assert (target.value, target.unit, target.deadline) == (Decimal(3_000_000_000), "USD", datetime.date(2030, 12, 31))
    assert target.set_at_summit.key == "kg-kz-sic-7"
    assert {p.iso_code for p in target.parties.all()} == {"KG", "KZ"}


def test_the_altyn_kyran_honour(seed):
    honour = models.Honour.objects.get()
    assert "Altyn Kyran" in honour.name_en and "Altın Kıran" in honour.name_tr
    assert (honour.recipient.key, honour.conferred_by.iso_code) == ("sadyr-japarov", "KZ")
    assert (honour.date, honour.summit.key) == (datetime.date(2025, 8, 22), "kg-kz-sic-7")


def test_the_article_is_the_source_of_every_record_it_supports(seed, article):
    assert (article.language, article.published_on) == ("tr", datetime.date(2025, 8, 22))
    assert not models.Summit.objects.exclude(sources=article).exists()
    assert not models.Document.objects.exclude(sources=article).exists()
    assert not models.Target.objects.exclude(sources=article).exists()
    assert not models.Honour.objects.exclude(source=article).exists()
    assert not models.StatusEvent.objects.exclude(source=article).exists()


def test_the_seed_reads_in_russian_and_falls_back_to_english(seed):
    document = models.Document.objects.get(key="kg-kz-trade-roadmap")
    with translation.override("ru"):
        assert document.title == "Дорожная карта по увеличению взаимного товарооборота"
    with translation.override("ky"):
        assert document.title == "Roadmap for increasing mutual trade"
