"""factory_boy factories for every record; each builds the smallest valid, published record."""

import datetime

import factory
from django.utils import timezone

from registry import models


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Source

    url = factory.Sequence(lambda n: f"https://news.example/article-{n}")
    title = factory.Sequence(lambda n: f"Article {n}")
    publisher = "News Agency"
    published_on = datetime.date(2025, 8, 22)
    language = "en"


class PartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Party
        django_get_or_create = ("key",)

    key = factory.Sequence(lambda n: f"party-{n}")
    slug = factory.LazyAttribute(lambda o: o.key.lower())
    kind = models.Party.Kind.GOVERNMENT_BODY
    name_en = factory.Sequence(lambda n: f"Party {n}")


class StateFactory(PartyFactory):
    kind = models.Party.Kind.STATE
    key = factory.Sequence(lambda n: f"{chr(65 + n // 26 % 26)}{chr(65 + n % 26)}")
    iso_code = factory.LazyAttribute(lambda o: o.key)
    name_en = factory.LazyAttribute(lambda o: f"State {o.key}")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Person

    key = factory.Sequence(lambda n: f"person-{n}")
    slug = factory.LazyAttribute(lambda o: o.key)
    name_en = factory.Sequence(lambda n: f"Person {n}")


class MeetingSeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.MeetingSeries

    key = factory.Sequence(lambda n: f"series-{n}")
    slug = factory.LazyAttribute(lambda o: o.key)
    name_en = factory.Sequence(lambda n: f"Council {n}")


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Topic
        django_get_or_create = ("key",)

    key = factory.Sequence(lambda n: f"topic-{n}")
    name_en = factory.LazyAttribute(lambda o: o.key.title())


class SummitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Summit

    key = factory.Sequence(lambda n: f"summit-{n}")
    slug = factory.LazyAttribute(lambda o: o.key)
    kind = models.Summit.Kind.SUMMIT
    name_en = factory.Sequence(lambda n: f"Summit {n}")
    start_date = datetime.date(2025, 8, 22)
    publication_state = models.PublicationState.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)


class DocumentFactory(factory.django.DjangoModelFactory):
    """A published document; pass parties=[...] (at least one is added) and topics=[...]."""

    class Meta:
        model = models.Document
        skip_postgeneration_save = True

    key = factory.Sequence(lambda n: f"document-{n}")
    slug = factory.LazyAttribute(lambda o: o.key)
    kind = models.Document.Kind.AGREEMENT
    legal_nature = models.Document.LegalNature.BINDING
    title_en = factory.Sequence(lambda n: f"Agreement number {n}")
    signed_on = datetime.date(2025, 8, 22)
    status = models.Document.Status.SIGNED
    publication_state = models.PublicationState.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def parties(self, create, extracted, **kwargs):
        if create:
            for party in extracted or [StateFactory()]:
                models.DocumentParty.objects.create(document=self, party=party)

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        if create and extracted:
            self.topics.set(extracted)


class SignatureFactory(factory.django.DjangoModelFactory):
    """A signature for the document's first party unless one is given."""

    class Meta:
        model = models.Signature

    document = factory.SubFactory(DocumentFactory)
    person = factory.SubFactory(PersonFactory)
    party = factory.LazyAttribute(lambda o: o.document.parties.first())
    capacity_en = "Minister of Foreign Affairs"


class StatusEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.StatusEvent

    document = factory.SubFactory(DocumentFactory)
    kind = models.StatusEvent.Kind.RATIFIED
    date = datetime.date(2025, 10, 1)


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Target

    key = factory.Sequence(lambda n: f"target-{n}")
    slug = factory.LazyAttribute(lambda o: o.key)
    description_en = "Raise trade to USD 3 billion"
    metric = "bilateral trade volume"
    value = 3_000_000_000
    unit = "USD"
    deadline = datetime.date(2030, 12, 31)


class HonourFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Honour

    key = factory.Sequence(lambda n: f"honour-{n}")
    name_en = "Order of Friendship"
    recipient = factory.SubFactory(PersonFactory)
    conferred_by = factory.SubFactory(StateFactory)
