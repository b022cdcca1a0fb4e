"""A deterministic, realistic synthetic registry for benchmarks: `manage.py generate_synthetic`.

The same (documents, seed) always gives the same rows. The shape follows the real registry: a few states
sign most documents (Zipf-like weights), memoranda and agreements dominate, topics are skewed, titles are in
English, Turkish, Russian, Kazakh and Kyrgyz, some dates are only a month or a year, summits come in series
with ordinals, each document has 2-3 parties and 1-3 signatures by people of those parties.

Rows are streamed in chunks: PostgreSQL receives them through COPY, SQLite through large executemany
batches. Ids are assigned here (the tables must be empty), so the rules of migration 0002 can be
satisfied by construction: signatures name parties of their document, status events are dated on or after
the signing, every published document has parties. On PostgreSQL the load runs with the triggers and
foreign keys of those rules paused for speed (superuser only); `check_rules` then verifies all of them
with set-based queries before the transaction commits, so a broken generator can never leave bad rows.
"""

import datetime
import random
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import accumulate

from django.apps import apps
from django.db import connection, transaction
from django.utils.text import slugify

from registry import search
from registry.models import Document, Party

LANGS = ("en", "tr", "ru", "kk", "ky")
BASE_DATE = datetime.date(1992, 1, 1)
LAST_DATE = datetime.date(2025, 12, 31)
CHUNK = 20_000

# iso, en, tr, ru, kk, ky, language of its texts, weight (how often it signs), capital (en, tr, ru)
STATES = [
    ("KZ", "Kazakhstan", "Kazakistan", "Казахстан", "Қазақстан", "Казакстан", "kk", 30, ("Astana", "Astana", "Астана")),
    (
        "KG",
        "Kyrgyzstan",
        "Kırgızistan",
        "Кыргызстан",
        "Қырғызстан",
        "Кыргызстан",
        "ky",
        26,
        ("Bishkek", "Bişkek", "Бишкек"),
    ),
    (
        "UZ",
        "Uzbekistan",
        "Özbekistan",
        "Узбекистан",
        "Өзбекстан",
        "Өзбекстан",
        "uz",
        18,
        ("Tashkent", "Taşkent", "Ташкент"),
    ),
    ("TR", "Türkiye", "Türkiye", "Турция", "Түркия", "Түркия", "tr", 16, ("Ankara", "Ankara", "Анкара")),
    ("RU", "Russia", "Rusya", "Россия", "Ресей", "Россия", "ru", 16, ("Moscow", "Moskova", "Москва")),
    (
        "TJ",
        "Tajikistan",
        "Tacikistan",
        "Таджикистан",
        "Тәжікстан",
        "Тажикстан",
        "tg",
        9,
        ("Dushanbe", "Duşanbe", "Душанбе"),
    ),
    (
        "TM",
        "Turkmenistan",
        "Türkmenistan",
        "Туркменистан",
        "Түрікменстан",
        "Түркмөнстан",
        "tk",
        6,
        ("Ashgabat", "Aşkabat", "Ашхабад"),
    ),
    ("AZ", "Azerbaijan", "Azerbaycan", "Азербайджан", "Әзірбайжан", "Азербайжан", "az", 8, ("Baku", "Bakü", "Баку")),
    ("CN", "China", "Çin", "Китай", "Қытай", "Кытай", "zh", 10, ("Beijing", "Pekin", "Пекин")),
    (
        "MN",
        "Mongolia",
        "Moğolistan",
        "Монголия",
        "Моңғолия",
        "Монголия",
        "mn",
        2,
        ("Ulaanbaatar", "Ulanbator", "Улан-Батор"),
    ),
    ("BY", "Belarus", "Belarus", "Беларусь", "Беларусь", "Беларусь", "be", 4, ("Minsk", "Minsk", "Минск")),
    ("AM", "Armenia", "Ermenistan", "Армения", "Армения", "Армения", "hy", 2, ("Yerevan", "Erivan", "Ереван")),
    ("GE", "Georgia", "Gürcistan", "Грузия", "Грузия", "Грузия", "ka", 2, ("Tbilisi", "Tiflis", "Тбилиси")),
    ("UA", "Ukraine", "Ukrayna", "Украина", "Украина", "Украина", "uk", 2, ("Kyiv", "Kiev", "Киев")),
    ("IR", "Iran", "İran", "Иран", "Иран", "Иран", "fa", 3, ("Tehran", "Tahran", "Тегеран")),
    (
        "PK",
        "Pakistan",
        "Pakistan",
        "Пакистан",
        "Пәкістан",
        "Пакистан",
        "ur",
        2,
        ("Islamabad", "İslamabad", "Исламабад"),
    ),
    ("AF", "Afghanistan", "Afganistan", "Афганистан", "Ауғанстан", "Афганистан", "ps", 1, ("Kabul", "Kabil", "Кабул")),
    ("IN", "India", "Hindistan", "Индия", "Үндістан", "Индия", "hi", 3, ("New Delhi", "Yeni Delhi", "Нью-Дели")),
    ("JP", "Japan", "Japonya", "Япония", "Жапония", "Япония", "ja", 2, ("Tokyo", "Tokyo", "Токио")),
    (
        "KR",
        "Republic of Korea",
        "Kore Cumhuriyeti",
        "Республика Корея",
        "Корея Республикасы",
        "Корея Республикасы",
        "ko",
        3,
        ("Seoul", "Seul", "Сеул"),
    ),
    ("DE", "Germany", "Almanya", "Германия", "Германия", "Германия", "de", 3, ("Berlin", "Berlin", "Берлин")),
    ("FR", "France", "Fransa", "Франция", "Франция", "Франция", "fr", 2, ("Paris", "Paris", "Париж")),
    ("IT", "Italy", "İtalya", "Италия", "Италия", "Италия", "it", 1, ("Rome", "Roma", "Рим")),
    (
        "GB",
        "United Kingdom",
        "Birleşik Krallık",
        "Великобритания",
        "Ұлыбритания",
        "Улуу Британия",
        "en",
        1,
        ("London", "Londra", "Лондон"),
    ),
    (
        "US",
        "United States",
        "Amerika Birleşik Devletleri",
        "США",
        "АҚШ",
        "АКШ",
        "en",
        2,
        ("Washington", "Vaşington", "Вашингтон"),
    ),
    (
        "AE",
        "United Arab Emirates",
        "Birleşik Arap Emirlikleri",
        "ОАЭ",
        "БАӘ",
        "БАЭ",
        "ar",
        2,
        ("Abu Dhabi", "Abu Dabi", "Абу-Даби"),
    ),
    (
        "SA",
        "Saudi Arabia",
        "Suudi Arabistan",
        "Саудовская Аравия",
        "Сауд Арабиясы",
        "Сауд Арабиясы",
        "ar",
        1,
        ("Riyadh", "Riyad", "Эр-Рияд"),
    ),
    ("QA", "Qatar", "Katar", "Катар", "Катар", "Катар", "ar", 1, ("Doha", "Doha", "Доха")),
    ("HU", "Hungary", "Macaristan", "Венгрия", "Венгрия", "Венгрия", "hu", 2, ("Budapest", "Budapeşte", "Будапешт")),
    ("PL", "Poland", "Polonya", "Польша", "Польша", "Польша", "pl", 1, ("Warsaw", "Varşova", "Варшава")),
    ("RO", "Romania", "Romanya", "Румыния", "Румыния", "Румыния", "ro", 1, ("Bucharest", "Bükreş", "Бухарест")),
    ("EG", "Egypt", "Mısır", "Египет", "Мысыр", "Египет", "ar", 1, ("Cairo", "Kahire", "Каир")),
]

# key, en, tr, ru, weight
ORGANISATIONS = [
    ("ots", "Organization of Turkic States", "Türk Devletleri Teşkilatı", "Организация тюркских государств", 6),
    ("eaeu", "Eurasian Economic Union", "Avrasya Ekonomik Birliği", "Евразийский экономический союз", 6),
    (
        "sco",
        "Shanghai Cooperation Organisation",
        "Şanghay İşbirliği Örgütü",
        "Шанхайская организация сотрудничества",
        5,
    ),
    (
        "cis",
        "Commonwealth of Independent States",
        "Bağımsız Devletler Topluluğu",
        "Содружество Независимых Государств",
        5,
    ),
    ("csto", "Collective Security Treaty Organization", "Kolektif Güvenlik Antlaşması Örgütü", "ОДКБ", 2),
    ("un", "United Nations", "Birleşmiş Milletler", "Организация Объединённых Наций", 3),
    ("eu", "European Union", "Avrupa Birliği", "Европейский союз", 2),
    (
        "oic",
        "Organisation of Islamic Cooperation",
        "İslam İşbirliği Teşkilatı",
        "Организация исламского сотрудничества",
        1,
    ),
    (
        "cica",
        "Conference on Interaction and Confidence-Building Measures in Asia",
        "Asya'da Etkileşim ve Güven Artırıcı Önlemler Konferansı",
        "СВМДА",
        1,
    ),
    ("adb", "Asian Development Bank", "Asya Kalkınma Bankası", "Азиатский банк развития", 1),
    ("ebrd", "European Bank for Reconstruction and Development", "Avrupa İmar ve Kalkınma Bankası", "ЕБРР", 1),
    ("turksoy", "International Organization of Turkic Culture", "Uluslararası Türk Kültürü Teşkilatı", "ТЮРКСОЙ", 1),
]

# topic key, weight, en (lower case, in a sentence), tr, ru (genitive), kk, ky
TOPICS = [
    ("trade", 18, "trade", "ticaret", "торговли", "сауда", "соода"),
    ("investment", 9, "investment", "yatırım", "инвестиций", "инвестиция", "инвестиция"),
    ("industry", 6, "industry", "sanayi", "промышленности", "өнеркәсіп", "өнөр жай"),
    ("agriculture", 7, "agriculture", "tarım", "сельского хозяйства", "ауыл шаруашылығы", "айыл чарба"),
    ("energy", 8, "energy", "enerji", "энергетики", "энергетика", "энергетика"),
    ("water", 4, "water resources", "su kaynakları", "водных ресурсов", "су ресурстары", "суу ресурстары"),
    (
        "transport",
        7,
        "transport and transit",
        "ulaştırma ve transit",
        "транспорта и транзита",
        "көлік және транзит",
        "транспорт жана транзит",
    ),
    (
        "border",
        4,
        "border and customs",
        "sınır ve gümrük",
        "границы и таможни",
        "шекара және кеден",
        "чек ара жана бажы",
    ),
    ("security", 4, "security", "güvenlik", "безопасности", "қауіпсіздік", "коопсуздук"),
    ("culture", 6, "culture", "kültür", "культуры", "мәдениет", "маданият"),
    ("tourism", 3, "tourism", "turizm", "туризма", "туризм", "туризм"),
    ("education", 6, "education", "eğitim", "образования", "білім беру", "билим берүү"),
    ("health", 4, "health", "sağlık", "здравоохранения", "денсаулық сақтау", "саламаттык сактоо"),
    (
        "social-security",
        2,
        "social security and pensions",
        "sosyal güvenlik ve emeklilik",
        "социального обеспечения",
        "әлеуметтік қамсыздандыру",
        "социалдык камсыздоо",
    ),
    (
        "media",
        2,
        "media",
        "medya",
        "средств массовой информации",
        "бұқаралық ақпарат құралдары",
        "массалык маалымат каражаттары",
    ),
    (
        "diplomacy",
        4,
        "diplomacy and consular affairs",
        "diplomasi ve konsolosluk işleri",
        "дипломатии и консульских вопросов",
        "дипломатия",
        "дипломатия",
    ),
    (
        "humanitarian",
        2,
        "humanitarian cooperation",
        "insani işbirliği",
        "гуманитарного сотрудничества",
        "гуманитарлық ынтымақтастық",
        "гуманитардык кызматташтык",
    ),
    ("environment", 2, "environment", "çevre", "охраны окружающей среды", "қоршаған орта", "айлана-чөйрө"),
    ("digital", 2, "digital development", "dijitalleşme", "цифровизации", "цифрландыру", "санариптештирүү"),
]
TOPIC_NAMES = {  # English, Turkish and Russian names of each topic when it has to be created
    "trade": ("Trade", "Ticaret", "Торговля"),
    "investment": ("Investment", "Yatırım", "Инвестиции"),
    "industry": ("Industry", "Sanayi", "Промышленность"),
    "agriculture": ("Agriculture", "Tarım", "Сельское хозяйство"),
    "energy": ("Energy", "Enerji", "Энергетика"),
    "water": ("Water", "Su", "Водные ресурсы"),
    "transport": ("Transport and transit", "Ulaştırma ve transit", "Транспорт и транзит"),
    "border": ("Border and customs", "Sınır ve gümrük", "Граница и таможня"),
    "security": ("Security", "Güvenlik", "Безопасность"),
    "culture": ("Culture", "Kültür", "Культура"),
    "tourism": ("Tourism", "Turizm", "Туризм"),
    "education": ("Education", "Eğitim", "Образование"),
    "health": ("Health", "Sağlık", "Здравоохранение"),
    "social-security": ("Social security and pensions", "Sosyal güvenlik ve emeklilik", "Социальное обеспечение"),
    "media": ("Media", "Medya", "СМИ"),
    "diplomacy": ("Diplomacy and consular affairs", "Diplomasi ve konsolosluk", "Дипломатия"),
    "humanitarian": ("Humanitarian cooperation", "İnsani işbirliği", "Гуманитарное сотрудничество"),
    "environment": ("Environment", "Çevre", "Окружающая среда"),
    "digital": ("Digital", "Dijital", "Цифровизация"),
}

# kind, weight, legal nature, en, tr, ru, kk, ky
KINDS = [
    (
        "memorandum",
        28,
        "non_binding",
        "Memorandum of understanding",
        "mutabakat zaptı",
        "Меморандум о взаимопонимании",
        "өзара түсіністік туралы меморандум",
        "өз ара түшүнүшүү жөнүндө меморандум",
    ),
    ("agreement", 24, "binding", "Agreement", "anlaşma", "Соглашение", "келісім", "макулдашуу"),
    ("protocol", 10, "binding", "Protocol", "protokol", "Протокол", "хаттама", "протокол"),
    (
        "joint_statement",
        7,
        "non_binding",
        "Joint statement",
        "ortak bildiri",
        "Совместное заявление",
        "бірлескен мәлімдеме",
        "биргелешкен билдирүү",
    ),
    ("roadmap", 5, "non_binding", "Roadmap", "yol haritası", "Дорожная карта", "жол картасы", "жол картасы"),
    ("treaty", 4, "binding", "Treaty", "antlaşma", "Договор", "шарт", "келишим"),
    ("decision", 4, "unknown", "Decision", "karar", "Решение", "шешім", "чечим"),
    (
        "action_plan",
        4,
        "non_binding",
        "Action plan",
        "eylem planı",
        "План действий",
        "іс-қимыл жоспары",
        "иш-аракет планы",
    ),
    ("programme", 4, "non_binding", "Programme", "program", "Программа", "бағдарлама", "программа"),
    ("declaration", 3, "non_binding", "Declaration", "deklarasyon", "Декларация", "декларация", "декларация"),
    ("plan", 3, "non_binding", "Plan", "plan", "План", "жоспар", "план"),
    ("other", 3, "unknown", "Document", "belge", "Документ", "құжат", "документ"),
    ("concept", 1, "non_binding", "Concept", "konsept", "Концепция", "тұжырымдама", "концепция"),
]

# A subject narrows some titles; Zipf-like weights make the words at the end rare (the benchmark's rare word).
SUBJECTS = [
    ("free trade zone", "serbest ticaret bölgesi", "зоны свободной торговли"),
    ("railway transit", "demiryolu transiti", "железнодорожного транзита"),
    ("civil aviation", "sivil havacılık", "гражданской авиации"),
    ("hydropower", "hidroelektrik", "гидроэнергетики"),
    ("grain exports", "tahıl ihracatı", "экспорта зерна"),
    ("mutual recognition of diplomas", "diplomaların karşılıklı tanınması", "взаимного признания дипломов"),
    ("labour migration", "işgücü göçü", "трудовой миграции"),
    ("customs clearance", "gümrük işlemleri", "таможенного оформления"),
    ("veterinary control", "veteriner kontrolü", "ветеринарного контроля"),
    ("youth exchanges", "gençlik değişimi", "молодёжных обменов"),
    ("seismic monitoring", "sismik izleme", "сейсмического мониторинга"),
    ("avalanche warning", "çığ uyarısı", "предупреждения о лавинах"),
    ("locust control", "çekirge mücadelesi", "борьбы с саранчой"),
    ("sericulture", "ipekböcekçiliği", "шелководства"),
]
SUBJECT_WEIGHTS = [1 / (rank + 1) ** 1.6 for rank in range(len(SUBJECTS))]

FIRST_NAMES = [
    ("Sadyr", "Sadır", "Садыр"),
    ("Kassym", "Kasım", "Касым"),
    ("Nurlan", "Nurlan", "Нурлан"),
    ("Aibek", "Aybek", "Айбек"),
    ("Mukhtar", "Muhtar", "Мухтар"),
    ("Zhenis", "Jenis", "Женис"),
    ("Almaz", "Almaz", "Алмаз"),
    ("Erlan", "Erlan", "Ерлан"),
    ("Murat", "Murat", "Мурат"),
    ("Shavkat", "Şevket", "Шавкат"),
    ("Bakhtiyor", "Bahtiyar", "Бахтиёр"),
    ("Recep", "Recep", "Реджеп"),
    ("Mevlüt", "Mevlüt", "Мевлют"),
    ("Hakan", "Hakan", "Хакан"),
    ("Ilham", "İlham", "Ильхам"),
    ("Dmitry", "Dmitriy", "Дмитрий"),
    ("Sergei", "Sergey", "Сергей"),
    ("Aigul", "Aygül", "Айгуль"),
    ("Gulnara", "Gülnara", "Гульнара"),
    ("Dinara", "Dinara", "Динара"),
    ("Saltanat", "Saltanat", "Салтанат"),
    ("Emomali", "İmamali", "Эмомали"),
    ("Serdar", "Serdar", "Сердар"),
    ("Jeenbek", "Ceenbek", "Жээнбек"),
]
SURNAMES = [
    ("Japarov", "Caparov", "Жапаров"),
    ("Tokayev", "Tokayev", "Токаев"),
    ("Kasymaliev", "Kasımaliyev", "Касымалиев"),
    ("Nurtleu", "Nurtleu", "Нуртлеу"),
    ("Mirziyoyev", "Mirziyoyev", "Мирзиёев"),
    ("Saidov", "Saidov", "Саидов"),
    ("Kulibaev", "Kulibayev", "Кулибаев"),
    ("Beisenbayev", "Beysenbayev", "Бейсенбаев"),
    ("Akylbekov", "Akılbekov", "Акылбеков"),
    ("Çavuşoğlu", "Çavuşoğlu", "Чавушоглу"),
    ("Fidan", "Fidan", "Фидан"),
    ("Aliyev", "Aliyev", "Алиев"),
    ("Lavrov", "Lavrov", "Лавров"),
    ("Mishustin", "Mişustin", "Мишустин"),
    ("Rakhmonov", "Rahmanov", "Рахмонов"),
    ("Berdimuhamedov", "Berdimuhamedov", "Бердымухамедов"),
    ("Omurbekova", "Ömürbekova", "Омурбекова"),
    ("Abdrakhmanova", "Abdrahmanova", "Абдрахманова"),
    ("Sultanbekov", "Sultanbekov", "Султанбеков"),
    ("Yıldırım", "Yıldırım", "Йылдырым"),
    ("Özdemir", "Özdemir", "Оздемир"),
    ("Şahin", "Şahin", "Шахин"),
    ("Isakov", "İsakov", "Исаков"),
    ("Dzhumabekov", "Cumabekov", "Джумабеков"),
]
CAPACITIES = [
    ("President", "Cumhurbaşkanı", "Президент"),
    ("Prime Minister", "Başbakan", "Премьер-министр"),
    ("Minister of Foreign Affairs", "Dışişleri Bakanı", "Министр иностранных дел"),
    ("Minister of Economy", "Ekonomi Bakanı", "Министр экономики"),
    ("Ambassador", "Büyükelçi", "Посол"),
    ("Deputy Prime Minister", "Başbakan Yardımcısı", "Заместитель премьер-министра"),
]
STATUS_WEIGHTS = [("signed", 52), ("in_force", 28), ("ratified", 9), ("expired", 4), ("terminated", 2),
                  ("superseded", 2), ("suspended", 1), ("draft", 2)]  # fmt: skip
SUMMIT_KINDS = [("state_visit", 30), ("official_visit", 20), ("council_meeting", 20), ("summit", 15),
                ("consultative_meeting", 5), ("forum", 8), ("other", 2)]  # fmt: skip


class GenerationError(Exception):
    """A request the generator refuses: a bad size, or a registry that is not empty."""


@dataclass
class Counts:
    """How many records of each kind a run wrote."""

    parties: int = 0
    people: int = 0
    series: int = 0
    summits: int = 0
    documents: int = 0
    document_parties: int = 0
    signatures: int = 0
    status_events: int = 0
    seconds: float = 0.0


def sizes(documents: int) -> dict[str, int]:
    """The other record counts for a registry of this many documents (50,000 summits, 20,000 people at 1M)."""
    return {
        "people": max(60, documents // 50),
        "summits": max(10, documents // 20),
        "series": max(3, documents // 500),
        "companies": max(5, documents // 5000),
    }


class RowWriter:
    """Writes rows to a table: COPY on PostgreSQL, executemany in large batches elsewhere."""

    def __init__(self, cursor):
        self.cursor = cursor
        self.postgresql = connection.vendor == "postgresql"

    def write(self, table: str, columns: Sequence[str], rows: Iterable[Sequence], versioned: bool = False) -> int:
        if versioned:
            # Records edited in the admin carry a version number (VersionedRecord); a new one starts at 1.
            columns = (*columns, "version")
            rows = ((*row, 1) for row in rows)
        count = 0
        names = ", ".join(f'"{name}"' for name in columns)
        if self.postgresql:
            # The queued writer sends data from a thread, so the server ingests while Python builds rows.
            from psycopg.copy import QueuedLibpqWriter

            copy_cursor = self.cursor.cursor
            writer = QueuedLibpqWriter(copy_cursor)
            with copy_cursor.copy(f'COPY "{table}" ({names}) FROM STDIN', writer=writer) as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
            return count
        placeholders = ", ".join(["%s"] * len(columns))
        sql = f'INSERT INTO "{table}" ({names}) VALUES ({placeholders})'  # noqa: S608 (names are ours)
        batch = []
        for row in rows:
            batch.append(row)
            if len(batch) >= 5000:
                self.cursor.executemany(sql, batch)
                count += len(batch)
                batch = []
        if batch:
            self.cursor.executemany(sql, batch)
            count += len(batch)
        return count


def table(model_name: str) -> str:
    return apps.get_model("registry", model_name)._meta.db_table


def through_table(model_name: str, field: str) -> str:
    return apps.get_model("registry", model_name)._meta.get_field(field).remote_field.through._meta.db_table


def stamp(day: datetime.date) -> str:
    """A created/updated timestamp a little after the day a record is about."""
    return f"{min(day + datetime.timedelta(days=3), LAST_DATE).isoformat()} 12:00:00+00"


def registry_is_empty() -> bool:
    return not (Document.objects.exists() or Party.objects.exists())


def clear_registry() -> None:
    """Delete every registry record (and its history), keeping the language list."""
    models = [m for m in apps.get_app_config("registry").get_models(include_auto_created=True) if m._meta.db_table]
    tables = [m._meta.db_table for m in models if m._meta.model_name != "language"]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("TRUNCATE " + ", ".join(f'"{name}"' for name in tables) + " RESTART IDENTITY CASCADE")
        else:
            cursor.execute("PRAGMA defer_foreign_keys = ON")
            for name in [*tables, "registry_document_fts"]:
                cursor.execute(f'DELETE FROM "{name}"')  # noqa: S608 (names are ours)


class Generator:
    """Builds the rows of one synthetic registry, deterministic for a seed."""

    def __init__(self, documents: int, seed: int):
        self.documents = documents
        self.random = random.Random(seed)  # noqa: S311 (deterministic test data, not secrets)
        self.size = sizes(documents)
        self.folds: dict[str, str] = {}
        # The folded search text each party, person and summit contributes to its documents' search text.
        self.party_text: dict[int, str] = {}
        self.person_text: dict[int, str] = {}
        self.summit_text: dict[int, str] = {}
        self.series_names: dict[int, tuple] = {}
        self.used_texts: set[str] = set()  # the folded pieces documents' search texts are made of
        self.postgresql = connection.vendor == "postgresql"

    def weighted(self, items: Sequence, weights: Sequence[float]):
        return self.random.choices(items, weights)[0]

    def partial_date(self, low: datetime.date, high: datetime.date) -> tuple[datetime.date, str]:
        day = low + datetime.timedelta(days=self.random.randrange(max(1, (high - low).days)))
        roll = self.random.random()
        if roll < 0.05:
            return day.replace(month=1, day=1), "year"
        if roll < 0.15:
            return day.replace(day=1), "month"
        return day, "day"

    # --- reference records ---------------------------------------------------------------------------
    def build_parties(self, topic_ids: dict[str, int]) -> None:
        """States, organisations, ministries (one per topic for the most active states), companies."""
        rows, pid = [], 0
        self.state_ids, self.state_weights, self.state_info = [], [], {}
        for iso, en, tr, ru, kk, ky, lang, weight, capital in STATES:
            pid += 1
            # slugify, not lower(): "Türkiye" must become "turkiye", or no URL can name the state.
            rows.append((pid, "state", iso, slugify(en), en, en, tr, ru, kk, ky, en, iso, None,
                         f"Q{1000 + pid}", stamp(BASE_DATE)))  # fmt: skip
            self.state_ids.append(pid)
            self.state_weights.append(weight)
            self.state_info[pid] = {"iso": iso, "names": (en, tr, ru, kk, ky), "lang": lang, "capital": capital}
        self.org_ids, self.org_weights = [], []
        for key, en, tr, ru, weight in ORGANISATIONS:
            pid += 1
            rows.append((pid, "intergovernmental_organisation", key, key, en, en, tr, ru, None, None, key.upper(),
                         "", None, "", stamp(BASE_DATE)))  # fmt: skip
            self.org_ids.append(pid)
            self.org_weights.append(weight)
            self.state_info[pid] = {"iso": key, "names": (en, tr, ru, ru, ru), "lang": "en", "capital": None}
        # Ministries of the ten most active states sign sectoral memoranda in their own name.
        self.ministries: dict[tuple[int, str], int] = {}
        for state in self.state_ids[:10]:
            info = self.state_info[state]
            for topic in TOPICS:
                pid += 1
                key = f"{info['iso'].lower()}-ministry-{topic[0]}"
                en = f"Ministry of {topic[2].capitalize()} of {info['names'][0]}"
                tr = f"{info['names'][1]} {topic[3].capitalize()} Bakanlığı"
                ru = f"Министерство {topic[4]} ({info['names'][2]})"
                rows.append((pid, "government_body", key, key, en, en, tr, ru, None, None, "", "", state, "",
                             stamp(BASE_DATE)))  # fmt: skip
                self.ministries[(state, topic[0])] = pid
                self.state_info[pid] = {**info, "names": (en, tr, ru, ru, ru)}
        self.company_ids = []
        for number in range(self.size["companies"]):
            pid += 1
            state = self.weighted(self.state_ids, self.state_weights)
            key = f"company-{number + 1}"
            en = f"{self.state_info[state]['names'][0]} Holding {number + 1}"
            rows.append((pid, "company", key, key, en, en, en, None, None, None, "", "", None, "", stamp(BASE_DATE)))
            self.company_ids.append(pid)
            self.state_info[pid] = {**self.state_info[state], "names": (en, en, en, en, en)}
        self.party_rows = [(*row[:11], row[10], *row[11:]) for row in rows]  # short_name_en = short_name
        for row in rows:
            # name in five languages, short_name in five (English only here), ISO code: as document_search_text.
            self.party_text[row[0]] = self.fold_all([*row[5:10], row[10], row[11]])

    def build_people(self) -> None:
        """People spread over the states by weight; each signs for their own state or its bodies."""
        self.people_by_state: dict[int, list[int]] = {state: [] for state in self.state_ids}
        rows = []
        for pid in range(1, self.size["people"] + 1):
            state = (
                self.state_ids[pid - 1]
                if pid <= len(self.state_ids)
                else self.weighted(self.state_ids, self.state_weights)
            )
            first, last = self.random.choice(FIRST_NAMES), self.random.choice(SURNAMES)
            en, tr, ru = (f"{first[i]} {last[i]}" for i in range(3))
            aliases = "\n".join(dict.fromkeys([tr, ru, last[1], last[2]]))
            slug = f"{en.lower().replace(' ', '-')}-{pid}"
            slug = slug.encode("ascii", "ignore").decode()
            rows.append((pid, f"person-{pid}", slug, en, en, tr, ru, ru, ru, aliases, state, "", stamp(BASE_DATE)))
            self.people_by_state[state].append(pid)
            self.person_text[pid] = self.fold_all([en, tr, ru, ru, ru, aliases])
        self.person_rows = rows

    def build_summits(self) -> None:
        """Series of meetings between two states with ordinals, and single visits and forums."""
        series_rows, member_rows, summit_rows, participant_rows, leader_rows = [], [], [], [], []
        self.summits: list[tuple[int, datetime.date, list[int], tuple[str, str, str]]] = []
        summit_id, member_id, participant_id, leader_id = 0, 0, 0, 0
        n_series, n_summits = self.size["series"], self.size["summits"]
        in_series = int(n_summits * 0.7)
        per_series = max(1, in_series // n_series)
        for series_id in range(1, n_series + 1):
            a = self.weighted(self.state_ids, self.state_weights)
            b = self.weighted([s for s in self.state_ids if s != a], [w for s, w in zip(self.state_ids,
                              self.state_weights, strict=True) if s != a])  # fmt: skip
            na, nb = self.state_info[a]["names"], self.state_info[b]["names"]
            council = f"{na[0]}-{nb[0]} Intergovernmental Council {series_id}"
            series_rows.append((series_id, f"series-{series_id}", f"series-{series_id}", council, council,
                                f"{na[1]}-{nb[1]} Hükümetlerarası Konseyi {series_id}",
                                f"Межправительственный совет {na[2]} — {nb[2]} {series_id}", None, None,
                                stamp(BASE_DATE)))  # fmt: skip
            self.series_names[series_id] = series_rows[-1][4:9]
            for party in (a, b):
                member_id += 1
                member_rows.append((member_id, series_id, party))
            start = BASE_DATE + datetime.timedelta(days=self.random.randrange(365 * 10))
            for ordinal in range(1, per_series + 1):
                day = start + datetime.timedelta(days=int((ordinal - 1) * 400 + self.random.randrange(60)))
                if day > LAST_DATE:
                    break
                summit_id += 1
                host = (a, b)[ordinal % 2]
                city = self.state_info[host]["capital"]
                name = (
                    f"{ordinal}th meeting of the {council}" if ordinal > 3 else
                    f"{ordinal}{('st', 'nd', 'rd')[ordinal - 1]} meeting of the {council}",
                    f"{series_rows[-1][5]}'nin {ordinal}. toplantısı",
                    f"{ordinal}-е заседание: {series_rows[-1][6]}",
                )  # fmt: skip
                summit_rows.append(self.summit_row(summit_id, series_id, ordinal, "council_meeting", name, day,
                                                   city, host))  # fmt: skip
                participants = [a, b]
                self.summits.append((summit_id, day, participants, city))
                for party in participants:
                    participant_id += 1
                    participant_rows.append((participant_id, summit_id, party))
                    leader_id += 1
                    leader_rows.append(self.leader_row(leader_id, summit_id, party))
        while summit_id < n_summits:
            summit_id += 1
            kind = self.weighted([k for k, _ in SUMMIT_KINDS], [w for _, w in SUMMIT_KINDS])
            host = self.weighted(self.state_ids, self.state_weights)
            guest = self.random.choice([s for s in self.state_ids if s != host])
            day, precision = self.partial_date(BASE_DATE, LAST_DATE)
            gn, hn = self.state_info[guest]["names"], self.state_info[host]["names"]
            name = (f"Visit of the President of {gn[0]} to {hn[0]} ({day.year}, {summit_id})",
                    f"{gn[1]} Cumhurbaşkanının {hn[1]} ziyareti ({day.year}, {summit_id})",
                    f"Визит президента {gn[2]} в {hn[2]} ({day.year}, {summit_id})")  # fmt: skip
            city = self.state_info[host]["capital"]
            summit_rows.append(self.summit_row(summit_id, None, None, kind, name, day, city, host, precision))
            participants = [host, guest]
            self.summits.append((summit_id, day, participants, city))
            for party in participants:
                participant_id += 1
                participant_rows.append((participant_id, summit_id, party))
                leader_id += 1
                leader_rows.append(self.leader_row(leader_id, summit_id, party))
        self.series_rows, self.member_rows = series_rows, member_rows
        self.summit_rows, self.participant_rows, self.leader_rows = summit_rows, participant_rows, leader_rows

    def summit_row(self, sid, series, ordinal, kind, name, day, city, host, precision="day"):
        en, tr, ru = name
        # name, city and venue in five languages, then the series' name: as document_search_text reads them.
        series_names = self.series_names[series] if series else ()
        self.summit_text[sid] = self.fold_all([en, tr, ru, city[0], city[1], city[2], city[2], city[2],
                                               *series_names])  # fmt: skip
        return (sid, f"summit-{sid}", f"summit-{sid}", series, ordinal, kind, en, en, tr, ru, None, None,
                day.isoformat(), precision, None, city[0], city[0], city[1], city[2], city[2], city[2],
                "", "", None, None, None, None, "", "", None, None, None, None, host, "published",
                stamp(day), stamp(day), stamp(day))  # fmt: skip

    def leader_row(self, lid, summit_id, party):
        person = self.random.choice(self.people_by_state[party][:3] or [1])
        return (lid, summit_id, person, party, "Head of delegation", "Head of delegation", "Heyet başkanı",
                "Глава делегации", None, None)  # fmt: skip

    # --- documents -----------------------------------------------------------------------------------
    def document_chunks(self, topic_ids: dict[str, int]):
        """Yield, chunk by chunk, the rows of documents and of everything that hangs off them."""
        kinds, kind_weights = KINDS, list(accumulate(k[1] for k in KINDS))
        topics, topic_weights = TOPICS, list(accumulate(t[1] for t in TOPICS))
        statuses, status_weights = [s for s, _ in STATUS_WEIGHTS], list(accumulate(w for _, w in STATUS_WEIGHTS))
        state_weights, org_weights = list(accumulate(self.state_weights)), list(accumulate(self.org_weights))
        subject_weights = list(accumulate(SUBJECT_WEIGHTS))
        link_id, signature_id, event_id, topic_link, language_link = 0, 0, 0, 0, 0
        rnd = self.random
        doc_id = 0
        while doc_id < self.documents:
            docs, links, signatures, events, topic_rows, language_rows, fts_rows = [], [], [], [], [], [], []
            for _ in range(min(CHUNK, self.documents - doc_id)):
                doc_id += 1
                kind = rnd.choices(kinds, cum_weights=kind_weights)[0]
                topic = rnd.choices(topics, cum_weights=topic_weights)[0]
                summit = rnd.choice(self.summits) if rnd.random() < 0.5 else None
                if summit:
                    parties = list(summit[2])
                    signed_on, precision, place = summit[1], "day", summit[3]
                else:
                    a = rnd.choices(self.state_ids, cum_weights=state_weights)[0]
                    b = a
                    while b == a:
                        b = rnd.choices(self.state_ids, cum_weights=state_weights)[0]
                    parties = [a, b]
                    if rnd.random() < 0.25 and (a, topic[0]) in self.ministries and (b, topic[0]) in self.ministries:
                        parties = [self.ministries[(a, topic[0])], self.ministries[(b, topic[0])]]
                    signed_on, precision = self.partial_date(BASE_DATE, LAST_DATE)
                    place = self.state_info[parties[0]]["capital"] or ("", "", "")
                    if rnd.random() < 0.005:
                        signed_on, precision, place = None, "day", ("", "", "")
                if rnd.random() < 0.3:
                    third = (
                        rnd.choices(self.org_ids, cum_weights=org_weights)[0]
                        if rnd.random() < 0.7
                        else rnd.choice(self.company_ids)
                    )
                    parties.append(third)
                status = rnd.choices(statuses, cum_weights=status_weights)[0]
                state = "published" if rnd.random() < 0.97 else rnd.choice(("draft", "withdrawn"))
                subject = rnd.choices(SUBJECTS, cum_weights=subject_weights)[0] if rnd.random() < 0.4 else None
                names = [self.state_info[p]["names"] for p in parties]
                titles, folded_titles = self.titles(kind, topic, subject, names)
                day = signed_on or BASE_DATE
                entry = None
                key = f"{kind[0].replace('_', '-')}-{topic[0]}-{doc_id}"
                summary_en = (f"The parties agree to develop cooperation in {topic[2]} and to review its progress "
                              f"every year. Signed in {place[0] or 'an unrecorded place'}.")  # fmt: skip
                summary_ru = f"Стороны договорились развивать сотрудничество в области {topic[4]}."
                # Status history: signing, ratification by each state party, entry into force.
                if signed_on and status not in ("signed", "draft"):
                    later = signed_on + datetime.timedelta(days=rnd.randrange(30, 400))
                    for party in parties[:2]:
                        event_id += 1
                        events.append((event_id, doc_id, "ratified", party, later.isoformat(), "day", None))
                    if status in ("in_force", "expired", "terminated", "superseded", "suspended"):
                        entry = later + datetime.timedelta(days=30)
                        event_id += 1
                        events.append((event_id, doc_id, "entered_into_force", None, entry.isoformat(), "day", None))
                    if status not in ("in_force", "ratified"):
                        event_id += 1
                        end = (entry or later) + datetime.timedelta(days=rnd.randrange(365, 3000))
                        events.append((event_id, doc_id, status, None, end.isoformat(), "day", None))
                signed_at = (place[0], place[1], place[2])
                text = [folded_titles, self.fold(summary_en), self.fold(summary_ru), self.fold_all(signed_at)]
                text += [self.party_text[party] for party in parties]
                doc_row = (
                    doc_id, key, key, kind[0], kind[2], titles[0], *titles, "", "", None, None, None, None,
                    signed_on.isoformat() if signed_on else None, precision, place[0], place[0], place[1],
                    place[2], None, None, status, entry.isoformat() if entry else None, "day",
                    summary_en, summary_en, None, summary_ru, None, None, "",
                    summit[0] if summit else None, state, stamp(day) if state == "published" else None,
                    stamp(day), stamp(day),
                )  # fmt: skip
                for party in parties:
                    link_id += 1
                    links.append((link_id, doc_id, party))
                signers = rnd.randint(1, 3)
                used = set()
                for index in range(signers):
                    party = parties[index % len(parties)]
                    pool = (
                        self.people_by_state.get(party)
                        or self.people_by_state.get(self.party_state(party), [])
                        or self.people_by_state[self.state_ids[0]]
                    )
                    person = rnd.choice(pool)
                    if (person, party) in used:
                        continue
                    used.add((person, party))
                    capacity = rnd.choice(CAPACITIES)
                    signature_id += 1
                    signatures.append((signature_id, doc_id, person, party, capacity[0], capacity[0], capacity[1],
                                       capacity[2], None, None, None))  # fmt: skip
                    text.append(self.person_text[person])
                if summit:
                    text.append(self.summit_text[summit[0]])
                self.used_texts.update(text)
                search_text = " ".join(part for part in text if part)
                docs.append((*doc_row, search_text))
                if not self.postgresql:
                    fts_rows.append((doc_id, search_text))
                topic_link += 1
                topic_rows.append((topic_link, doc_id, topic_ids[topic[0]]))
                if rnd.random() < 0.3:
                    extra = rnd.choices(topics, cum_weights=topic_weights)[0]
                    if extra is not topic:
                        topic_link += 1
                        topic_rows.append((topic_link, doc_id, topic_ids[extra[0]]))
                for lang in dict.fromkeys(
                    [self.state_info[p]["lang"] for p in parties[:2]] + ["ru"] * (rnd.random() < 0.4)
                ):
                    language_link += 1
                    language_rows.append((language_link, doc_id, lang))
            yield docs, links, signatures, events, topic_rows, language_rows, fts_rows

    def party_state(self, party: int) -> int | None:
        """The state a ministry or company belongs to, for choosing who signs for it."""
        iso = self.state_info[party]["iso"]
        return next((s for s in self.state_ids if self.state_info[s]["iso"] == iso), None)

    def fold(self, text: str | None) -> str:
        """search.fold, remembered: the same pieces of text recur across a million documents."""
        if not text:
            return ""
        folded = self.folds.get(text)
        if folded is None:
            folded = self.folds[text] = search.fold(text)
        return folded

    def fold_all(self, texts: Iterable[str | None]) -> str:
        """The folded texts joined as search.document_search_text joins them (empty ones left out)."""
        return " ".join(folded for folded in (self.fold(text) for text in texts) if folded)

    def titles(self, kind, topic, subject, names) -> tuple[list[str], str]:
        """The title in English, Turkish, Russian, Kazakh and Kyrgyz, and the five folded for search.

        Each title is built from pieces that meet at spaces or punctuation, where folding splits words
        anyway, so folding the pieces one by one (remembered) gives exactly the fold of the whole title.
        """
        en_names = [n[0] for n in names]
        pieces = [
            [kind[3], " between ", *self.joined(en_names[:-1], ", "), " and ", en_names[-1], " on cooperation in ",
             topic[2], *((": ", subject[0]) if subject else ())],
            [*self.joined([n[1] for n in names], " ile "), " arasında ", topic[3],
             *((" (", subject[1], ")") if subject else ()), " alanında işbirliğine ilişkin ", kind[4]],
            [kind[5], " о сотрудничестве в области ", topic[4], *((" (", subject[2], ")") if subject else ()),
             " (", *self.joined([n[2] for n in names], " — "), ")"],
            [topic[5].capitalize(), " саласындағы ынтымақтастық туралы ", kind[6], " (",
             *self.joined([n[3] for n in names], " — "), ")"],
            [topic[6].capitalize(), " тармагындагы кызматташтык жөнүндө ", kind[7], " (",
             *self.joined([n[4] for n in names], " — "), ")"],
        ]  # fmt: skip
        titles, folded = [], []
        for parts in pieces:
            title = "".join(parts)
            titles.append(title[:500])
            folded.append(self.fold_all(parts) if len(title) <= 500 else search.fold(title[:500]))
        return titles, " ".join(part for part in folded if part)

    @staticmethod
    def joined(items: list[str], separator: str) -> list[str]:
        """items with separator between them, as a list of pieces."""
        pieces = []
        for index, item in enumerate(items):
            if index:
                pieces.append(separator)
            pieces.append(item)
        return pieces


PARTY_COLUMNS = ("id", "kind", "key", "slug", "name", "name_en", "name_tr", "name_ru", "name_kk", "name_ky",
                 "short_name", "short_name_en", "iso_code", "parent_id", "wikidata", "updated_at")  # fmt: skip
PERSON_COLUMNS = ("id", "key", "slug", "name", "name_en", "name_tr", "name_ru", "name_kk", "name_ky", "aliases",
                  "party_id", "wikidata", "updated_at")  # fmt: skip
SERIES_COLUMNS = ("id", "key", "slug", "name", "name_en", "name_tr", "name_ru", "name_kk", "name_ky", "updated_at")
SUMMIT_COLUMNS = ("id", "key", "slug", "series_id", "ordinal", "kind", "name", "name_en", "name_tr", "name_ru",
                  "name_kk", "name_ky", "start_date", "start_date_precision", "end_date", "city", "city_en",
                  "city_tr", "city_ru", "city_kk", "city_ky", "venue", "venue_en", "venue_tr", "venue_ru",
                  "venue_kk", "venue_ky", "description", "description_en", "description_tr", "description_ru",
                  "description_kk", "description_ky", "host_id", "publication_state", "published_at",
                  "created_at", "updated_at")  # fmt: skip
LEADER_COLUMNS = ("id", "summit_id", "person_id", "party_id", "role", "role_en", "role_tr", "role_ru", "role_kk",
                  "role_ky")  # fmt: skip
DOCUMENT_COLUMNS = ("id", "key", "slug", "kind", "legal_nature", "title", "title_en", "title_tr", "title_ru",
                    "title_kk", "title_ky", "short_title", "short_title_en", "short_title_tr", "short_title_ru",
                    "short_title_kk", "short_title_ky", "signed_on", "signed_on_precision", "signed_at",
                    "signed_at_en", "signed_at_tr", "signed_at_ru", "signed_at_kk", "signed_at_ky", "status",
                    "entry_into_force", "entry_into_force_precision", "summary", "summary_en", "summary_tr",
                    "summary_ru", "summary_kk", "summary_ky", "wikidata", "summit_id", "publication_state",
                    "published_at", "created_at", "updated_at", "search_text")  # fmt: skip
SIGNATURE_COLUMNS = ("id", "document_id", "person_id", "party_id", "capacity", "capacity_en", "capacity_tr",
                     "capacity_ru", "capacity_kk", "capacity_ky", "signed_on")  # fmt: skip
EVENT_COLUMNS = ("id", "document_id", "kind", "party_id", "date", "date_precision", "source_id")


def ensure_topics() -> dict[str, int]:
    """The topic vocabulary, reusing topics that exist (the seed's) and creating the missing ones."""
    Topic = apps.get_model("registry", "Topic")
    existing = dict(Topic.objects.values_list("key", "pk"))
    for key, (en, tr, ru) in TOPIC_NAMES.items():
        if key not in existing:
            existing[key] = Topic.objects.create(key=key, name_en=en, name_tr=tr, name_ru=ru).pk
    return existing


# Each rule of migration 0002 as a query that finds its violations; the load is rolled back if any does.
RULE_CHECKS = {
    "a signature names a party of its document": """
        SELECT 1 FROM registry_signature s LEFT JOIN registry_documentparty p
        ON p.document_id = s.document_id AND p.party_id = s.party_id WHERE p.id IS NULL LIMIT 1""",
    "a published document has a party": """
        SELECT 1 FROM registry_document d WHERE d.publication_state = 'published'
        AND NOT EXISTS (SELECT 1 FROM registry_documentparty p WHERE p.document_id = d.id) LIMIT 1""",
    "a status event is not dated before the signing": """
        SELECT 1 FROM registry_statusevent e JOIN registry_document d ON d.id = e.document_id
        WHERE d.signed_on IS NOT NULL AND e.date < d.signed_on LIMIT 1""",
}


def check_rules() -> list[str]:
    """The rules of migration 0002 that the loaded rows break (empty when all hold)."""
    broken = []
    with connection.cursor() as cursor:
        for rule, sql in RULE_CHECKS.items():
            cursor.execute(sql)
            if cursor.fetchone():
                broken.append(rule)
    return broken


def reset_sequences(cursor, tables: Iterable[str]) -> None:
    if connection.vendor != "postgresql":
        return  # SQLite keeps AUTOINCREMENT counters in step with explicit ids by itself
    for name in tables:
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), COALESCE((SELECT MAX(id) FROM \"{name}\"), 1))"  # noqa: S608
        )


LARGE_TABLES = [("Document", None), ("DocumentParty", None), ("Signature", None), ("StatusEvent", None),
                ("Document", "topics"), ("Document", "languages")]  # fmt: skip


def drop_plain_indexes(cursor) -> list[str]:
    """Drop the indexes of the large tables that back no constraint; return their definitions to rebuild.

    Building an index once over a million rows is several times faster than updating it row by row.
    """
    names = [through_table(model, field) if field else table(model) for model, field in LARGE_TABLES]
    cursor.execute(
        """SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = ANY(%s)
           AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)""",
        [names],
    )
    rows = cursor.fetchall()
    for name, _ in rows:
        cursor.execute(f'DROP INDEX "{name}"')
    return [definition for _, definition in rows]


def is_superuser(cursor) -> bool:
    if connection.vendor != "postgresql":
        return False
    cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
    return bool(cursor.fetchone()[0])


def generate(documents: int, seed: int, progress: Callable[[str, int, int], None] | None = None) -> Counts:
    """Fill an empty registry with `documents` synthetic documents and everything around them."""
    if documents < 1:
        raise GenerationError("the number of documents must be at least 1")
    if not registry_is_empty():
        raise GenerationError("the registry already holds records; clear it first (--replace)")
    started = time.monotonic()
    counts = Counts()
    generator = Generator(documents, seed)
    report = progress or (lambda stage, done, total: None)
    with transaction.atomic(), connection.cursor() as cursor:
        paused = is_superuser(cursor)
        if paused:
            # Skip per-row triggers and foreign-key checks during the load; check_rules() below proves them.
            cursor.execute("SET LOCAL session_replication_role = replica")
        topic_ids = ensure_topics()
        rebuild = drop_plain_indexes(cursor) if connection.vendor == "postgresql" else []
        writer = RowWriter(cursor)
        generator.build_parties(topic_ids)
        counts.parties = writer.write(table("Party"), (*PARTY_COLUMNS, "created_at"),
                                      [(*row, row[-1]) for row in generator.party_rows], versioned=True)  # fmt: skip
        generator.build_people()
        counts.people = writer.write(table("Person"), (*PERSON_COLUMNS, "created_at"),
                                     [(*row, row[-1]) for row in generator.person_rows], versioned=True)  # fmt: skip
        generator.build_summits()
        counts.series = writer.write(table("MeetingSeries"), (*SERIES_COLUMNS, "created_at"),
                                     [(*row, row[-1]) for row in generator.series_rows], versioned=True)  # fmt: skip
        writer.write(through_table("MeetingSeries", "members"), ("id", "meetingseries_id", "party_id"),
                     generator.member_rows)  # fmt: skip
        counts.summits = writer.write(table("Summit"), SUMMIT_COLUMNS, generator.summit_rows, versioned=True)
        writer.write(through_table("Summit", "participants"), ("id", "summit_id", "party_id"),
                     generator.participant_rows)  # fmt: skip
        writer.write(table("SummitLeader"), LEADER_COLUMNS, generator.leader_rows)
        report("people, parties and summits", counts.summits, counts.summits)
        chunks = generator.document_chunks(topic_ids)
        for docs, links, signatures, events, topic_rows, language_rows, fts_rows in chunks:
            counts.documents += writer.write(table("Document"), DOCUMENT_COLUMNS, docs, versioned=True)
            counts.document_parties += writer.write(table("DocumentParty"), ("id", "document_id", "party_id"), links)
            counts.signatures += writer.write(table("Signature"), SIGNATURE_COLUMNS, signatures)
            counts.status_events += writer.write(table("StatusEvent"), EVENT_COLUMNS, events)
            writer.write(through_table("Document", "topics"), ("id", "document_id", "topic_id"), topic_rows)
            writer.write(through_table("Document", "languages"), ("id", "document_id", "language_id"), language_rows)
            if fts_rows:  # SQLite's full-text table, which registry.search writes itself (PostgreSQL derives it)
                writer.write("registry_document_fts", ("rowid", "search_text"), fts_rows)
            report("documents", counts.documents, documents)
        # The vocabulary misspelled query words are matched against: every word of every search text.
        words = sorted({word for text in generator.used_texts for word in text.split()})
        writer.write(table("SearchWord"), ("word",), [(word,) for word in words])
        if rebuild:
            cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
            for number, definition in enumerate(rebuild, 1):
                cursor.execute(definition)
                report("indexes", number, len(rebuild))
        if paused:
            cursor.execute("SET LOCAL session_replication_role = origin")
        broken = check_rules()
        if broken:
            raise RuntimeError("the generated rows break these rules: " + "; ".join(broken))
        reset_sequences(cursor, [
            table(name) for name in ("Party", "Person", "MeetingSeries", "Summit", "SummitLeader", "Document",
                                     "DocumentParty", "Signature", "StatusEvent")
        ] + [through_table("MeetingSeries", "members"), through_table("Summit", "participants"),
             through_table("Document", "topics"), through_table("Document", "languages")])  # fmt: skip
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    counts.seconds = time.monotonic() - started
    return counts
