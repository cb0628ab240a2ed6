"""Demo translations (seed_demo): the locales, the page "Fallmanagement: Beratung in Ihrem
Stadtteil" and the translations of the home page, the news index, "Die Lenkungsgruppe", the
transparency page, the new page and one news item into every configured language.

Translations are made the way editors make them: through wagtail-localize (a translation
source, its strings as a PO file, then the translated page is saved and published), so the
demo pages open in its translation editor. Strings without a translation here (names of
districts and providers) keep the German text. Idempotent: existing translations are kept.
"""

from django.conf import settings
from wagtail.models import Locale, Page

from .models import ContentPage, HomePage, NewsIndexPage, NewsPage

ADVICE_SLUG = "beratung-im-stadtteil"

# The German source strings (as on the demo pages) and their translations.
HOME_TITLE = "Integrationsportal Hagen"
HOME_INTRO = (
    "Das gemeinsame Portal der Lenkungsgruppe Integration: Stadt Hagen und Freie Wohlfahrtspflege arbeiten hier an "
    "Sitzungen, Dokumenten und Verträgen."
)
HOME_BODY = (
    "Die Stadt Hagen hat den Fachbereich Integration, Zuwanderung und Wohnraumsicherung (56) gegründet. Er bündelt "
    "Leistungsgewährung, Unterbringung, Quartiersmanagement, Flüchtlings- und Asylbewerberangelegenheiten sowie die "
    "Wohnraumsicherung."
)
NEWS_TITLE = "Nachrichten"
NEWS_INTRO = "Neuigkeiten aus der Lenkungsgruppe Integration und dem Fachbereich 56."
GROUP_TITLE = "Die Lenkungsgruppe"
GROUP_INTRO = "Stadt und Freie Wohlfahrtspflege steuern die Integrationsarbeit in Hagen gemeinsam."
GROUP_BODY_1 = (
    "Die Freien Träger der Wohlfahrtspflege – AWO, Caritas, Diakonie, DRK, der Paritätische und die Jüdische "
    "Gemeinde – sind über eine gemeinsame Lenkungsgruppe in die Integrationsarbeit der Stadt Hagen eingebunden."
)
GROUP_BODY_2 = (
    "Rund 40 % der Hagener Bevölkerung haben eine Zuwanderungsgeschichte. Die Zuwanderung aus der EU wächst: Die "
    "Zahl der Menschen aus Bulgarien stieg von 1.814 (2019) auf 2.009, aus Rumänien von 3.337 auf 3.685."
)
FIGURES_TITLE = "Fallmanagement in Zahlen"
FIGURES_INTRO = (
    "Das Land Nordrhein-Westfalen fördert im Kommunalen Integrationsmanagement Stellen für das Fallmanagement. Die "
    "Stadt Hagen hat es an Träger der Freien Wohlfahrtspflege vergeben. Hier stehen die Gesamtzahlen."
)
FUNDING_TITLE = "Land fördert Case-Management-Stellen"
FUNDING_TEASER = (
    "Das Land NRW fördert im Kommunalen Integrationsmanagement Case-Management-Stellen mit 56.000 Euro je Stelle "
    "und Jahr."
)
FUNDING_BODY = (
    "Fünf Stellen sind bereits gefördert, fünf weitere sind möglich. Ab 2022 prüft die Stadt, das Case-Management "
    "an die Freien Träger zu vergeben."
)
ADVICE_TITLE = "Fallmanagement: Beratung in Ihrem Stadtteil"
ADVICE_INTRO = (
    "Fallmanagerinnen und Fallmanager der Freien Wohlfahrtspflege beraten Zugewanderte in Hagen kostenlos, "
    "vertraulich und in ihrem Stadtteil."
)
ADVICE_OFFER_HEADING = "Was das Fallmanagement bietet"
ADVICE_OFFER = (
    "Sie bekommen eine feste Ansprechperson. Gemeinsam klären Sie Fragen zu Aufenthalt, Wohnung, Arbeit, "
    "Sprachkursen, Schule und Gesundheit und finden die richtigen Stellen. Die Beratung hilft auch beim Ausfüllen "
    "von Anträgen."
)
ADVICE_DISTRICTS_HEADING = "Wer in welchem Stadtteil berät"
ADVICE_CONTACT_HEADING = "So erreichen Sie uns"
ADVICE_CONTACT = (
    "Kommen Sie in die offene Sprechstunde des Trägers in Ihrem Stadtteil oder rufen Sie den Fachbereich 56 an: "
    "02331 207-0. Wir vermitteln Sie an die richtige Beratungsstelle. Wenn nötig, hilft eine Dolmetscherin oder ein "
    "Dolmetscher."
)

SOURCES = [
    HOME_TITLE,
    HOME_INTRO,
    HOME_BODY,
    NEWS_TITLE,
    NEWS_INTRO,
    GROUP_TITLE,
    GROUP_INTRO,
    GROUP_BODY_1,
    GROUP_BODY_2,
    FIGURES_TITLE,
    FIGURES_INTRO,
    FUNDING_TITLE,
    FUNDING_TEASER,
    FUNDING_BODY,
    ADVICE_TITLE,
    ADVICE_INTRO,
    ADVICE_OFFER_HEADING,
    ADVICE_OFFER,
    ADVICE_DISTRICTS_HEADING,
    ADVICE_CONTACT_HEADING,
    ADVICE_CONTACT,
]

# In the order of SOURCES.
TRANSLATIONS = {
    "en": [
        "Integration Portal Hagen",
        "The joint portal of the Integration Steering Group: the City of Hagen and the independent welfare "
        "organisations work together here on meetings, documents and contracts.",
        "The City of Hagen has founded the Department of Integration, Immigration and Housing Security (56). It "
        "brings together benefits, accommodation, neighbourhood management, refugee and asylum matters and housing "
        "security.",
        "News",
        "News from the Integration Steering Group and Department 56.",
        "The Steering Group",
        "The city and the independent welfare organisations steer integration work in Hagen together.",
        "The independent welfare organisations – AWO, Caritas, Diakonie, DRK, the Paritätische and the Jewish "
        "Community – take part in the City of Hagen's integration work through a joint steering group.",
        "About 40 % of Hagen's population has a migration background. Immigration from the EU is growing: the number "
        "of people from Bulgaria rose from 1,814 (2019) to 2,009, from Romania from 3,337 to 3,685.",
        "Case management in figures",
        "The state of North Rhine-Westphalia funds case-management positions as part of municipal integration "
        "management. The City of Hagen has contracted them out to independent welfare organisations. Here are the "
        "totals.",
        "State funds case-management positions",
        "As part of municipal integration management, the state of NRW funds case-management positions with "
        "56,000 euros per position and year.",
        "Five positions are already funded, five more are possible. From 2022 the city is considering contracting "
        "case management out to the independent welfare organisations.",
        "Case management: advice in your district",
        "Case managers of the independent welfare organisations advise immigrants in Hagen free of charge, "
        "confidentially and in their own district.",
        "What case management offers",
        "You get one permanent contact person. Together you clarify questions about residence, housing, work, "
        "language courses, school and health, and find the right offices. The advisers also help you fill in "
        "applications.",
        "Who advises in which district",
        "How to reach us",
        "Come to the open consultation hours of the organisation in your district or call Department 56: "
        "02331 207-0. We will put you in touch with the right advice centre. If needed, an interpreter will help.",
    ],
    "bg": [
        "Портал за интеграция Хаген",
        "Общият портал на Ръководната група по интеграция: град Хаген и независимите благотворителни организации "
        "работят тук заедно по заседания, документи и договори.",
        "Град Хаген създаде отдел „Интеграция, имиграция и осигуряване на жилища“ (56). Той обединява социалните "
        "помощи, настаняването, управлението на кварталите, въпросите на бежанците и търсещите убежище, както и "
        "осигуряването на жилища.",
        "Новини",
        "Новини от Ръководната група по интеграция и от отдел 56.",
        "Ръководната група",
        "Градът и независимите благотворителни организации ръководят заедно интеграционната работа в Хаген.",
        "Независимите благотворителни организации – AWO, Caritas, Diakonie, DRK, Paritätischer и Еврейската общност "
        "– участват в интеграционната работа на град Хаген чрез обща ръководна група.",
        "Около 40 % от жителите на Хаген имат миграционен произход. Имиграцията от ЕС расте: броят на хората от "
        "България се увеличи от 1814 (2019 г.) на 2009, а от Румъния – от 3337 на 3685.",
        "Управление на случаи в цифри",
        "Провинция Северен Рейн-Вестфалия финансира щатни места за управление на случаи в рамките на общинското "
        "управление на интеграцията. Град Хаген е възложил тази работа на независими благотворителни организации. "
        "Тук са общите цифри.",
        "Провинцията финансира места за управление на случаи",
        "В рамките на общинското управление на интеграцията провинция Северен Рейн-Вестфалия финансира всяко място "
        "за управление на случаи с 56 000 евро годишно.",
        "Пет места вече се финансират, възможни са още пет. От 2022 г. градът обмисля да възложи управлението на "
        "случаи на независимите благотворителни организации.",
        "Управление на случаи: консултации във вашия квартал",
        "Консултанти от независимите благотворителни организации съветват имигрантите в Хаген безплатно, "
        "поверително и в техния квартал.",
        "Какво предлага управлението на случаи",
        "Получавате постоянно лице за контакт. Заедно изяснявате въпроси за пребиваването, жилището, работата, "
        "езиковите курсове, училището и здравето и намирате правилните служби. Консултантите помагат и при "
        "попълването на заявления.",
        "Кой консултира в кой квартал",
        "Как да се свържете с нас",
        "Елате в приемното време на организацията във вашия квартал или се обадете на отдел 56: 02331 207-0. Ще ви "
        "насочим към правилния консултантски център. При нужда ще помогне преводач.",
    ],
    "ro": [
        "Portalul de integrare Hagen",
        "Portalul comun al Grupului de coordonare pentru integrare: orașul Hagen și organizațiile independente de "
        "asistență socială lucrează aici împreună la ședințe, documente și contracte.",
        "Orașul Hagen a înființat Departamentul Integrare, Imigrație și Asigurarea Locuințelor (56). Acesta reunește "
        "acordarea prestațiilor, cazarea, managementul cartierelor, problemele refugiaților și ale solicitanților "
        "de azil, precum și asigurarea locuințelor.",
        "Știri",
        "Știri de la Grupul de coordonare pentru integrare și de la Departamentul 56.",
        "Grupul de coordonare",
        "Orașul și organizațiile independente de asistență socială coordonează împreună munca de integrare din Hagen.",
        "Organizațiile independente de asistență socială – AWO, Caritas, Diakonie, DRK, Paritätischer și Comunitatea "
        "Evreiască – participă la munca de integrare a orașului Hagen printr-un grup de coordonare comun.",
        "Aproximativ 40 % dintre locuitorii din Hagen au o istorie de migrație. Imigrația din UE crește: numărul "
        "persoanelor din Bulgaria a crescut de la 1.814 (2019) la 2.009, iar din România de la 3.337 la 3.685.",
        "Managementul de caz în cifre",
        "Landul Renania de Nord-Westfalia finanțează posturi de management de caz în cadrul managementului municipal "
        "al integrării. Orașul Hagen le-a încredințat organizațiilor independente de asistență socială. Aici găsiți "
        "cifrele totale.",
        "Landul finanțează posturi de management de caz",
        "În cadrul managementului municipal al integrării, landul NRW finanțează fiecare post de management de caz "
        "cu 56.000 de euro pe an.",
        "Cinci posturi sunt deja finanțate, alte cinci sunt posibile. Din 2022 orașul analizează încredințarea "
        "managementului de caz organizațiilor independente de asistență socială.",
        "Management de caz: consiliere în cartierul dumneavoastră",
        "Consilierii organizațiilor independente de asistență socială îi sfătuiesc pe imigranții din Hagen gratuit, "
        "confidențial și în propriul cartier.",
        "Ce oferă managementul de caz",
        "Primiți o persoană de contact permanentă. Împreună clarificați întrebări despre ședere, locuință, muncă, "
        "cursuri de limbă, școală și sănătate și găsiți instituțiile potrivite. Consilierii vă ajută și la "
        "completarea cererilor.",
        "Cine oferă consiliere în fiecare cartier",
        "Cum ne puteți contacta",
        "Veniți la programul de consultații al organizației din cartierul dumneavoastră sau sunați la Departamentul "
        "56: 02331 207-0. Vă îndrumăm către centrul de consiliere potrivit. Dacă este nevoie, vă ajută un interpret.",
    ],
    "tr": [
        "Hagen Entegrasyon Portalı",
        "Entegrasyon Yönlendirme Grubu'nun ortak portalı: Hagen Belediyesi ve bağımsız sosyal yardım kuruluşları "
        "burada toplantılar, belgeler ve sözleşmeler üzerinde birlikte çalışır.",
        "Hagen Belediyesi, Entegrasyon, Göç ve Konut Güvencesi Müdürlüğü'nü (56) kurdu. Müdürlük; sosyal yardımları, "
        "barınmayı, mahalle yönetimini, mülteci ve sığınmacı işlerini ve konut güvencesini bir araya getirir.",
        "Haberler",
        "Entegrasyon Yönlendirme Grubu'ndan ve 56 numaralı müdürlükten haberler.",
        "Yönlendirme Grubu",
        "Belediye ve bağımsız sosyal yardım kuruluşları Hagen'deki entegrasyon çalışmalarını birlikte yönlendirir.",
        "Bağımsız sosyal yardım kuruluşları – AWO, Caritas, Diakonie, DRK, Paritätischer ve Yahudi Cemaati – ortak "
        "bir yönlendirme grubu aracılığıyla Hagen Belediyesi'nin entegrasyon çalışmalarına katılır.",
        "Hagen nüfusunun yaklaşık yüzde 40'ının göç geçmişi vardır. AB'den gelen göç artıyor: Bulgaristan'dan gelen "
        "kişilerin sayısı 1.814'ten (2019) 2.009'a, Romanya'dan gelenlerin sayısı 3.337'den 3.685'e yükseldi.",
        "Rakamlarla vaka yönetimi",
        "Kuzey Ren-Vestfalya eyaleti, belediye entegrasyon yönetimi kapsamında vaka yönetimi kadrolarını "
        "destekliyor. Hagen Belediyesi bu görevi bağımsız sosyal yardım kuruluşlarına verdi. Toplam rakamları burada "
        "bulabilirsiniz.",
        "Eyalet vaka yönetimi kadrolarını destekliyor",
        "NRW eyaleti, belediye entegrasyon yönetimi kapsamında her vaka yönetimi kadrosunu yılda 56.000 avro ile "
        "destekliyor.",
        "Beş kadro zaten destekleniyor, beş kadro daha mümkün. Belediye, 2022'den itibaren vaka yönetimini bağımsız "
        "sosyal yardım kuruluşlarına vermeyi değerlendiriyor.",
        "Vaka yönetimi: Mahallenizde danışmanlık",
        "Bağımsız sosyal yardım kuruluşlarının vaka yöneticileri, Hagen'deki göçmenlere ücretsiz, gizli ve kendi "
        "mahallelerinde danışmanlık yapar.",
        "Vaka yönetimi neler sunar",
        "Sürekli bir irtibat kişiniz olur. Birlikte oturum, konut, iş, dil kursları, okul ve sağlık ile ilgili "
        "soruları açıklığa kavuşturur ve doğru kurumları bulursunuz. Danışmanlar başvuru formlarını doldurmanıza da "
        "yardım eder.",
        "Hangi mahallede kim danışmanlık yapıyor",
        "Bize nasıl ulaşabilirsiniz",
        "Mahallenizdeki kuruluşun açık danışma saatlerine gelin ya da 56 numaralı müdürlüğü arayın: 02331 207-0. "
        "Sizi doğru danışma merkezine yönlendiririz. Gerekirse bir tercüman yardımcı olur.",
    ],
    "ar": [
        "بوابة الاندماج في هاغن",
        "البوابة المشتركة لمجموعة توجيه الاندماج: تعمل مدينة هاغن ومنظمات الرعاية الاجتماعية المستقلة هنا معًا "
        "على الاجتماعات والوثائق والعقود.",
        "أسست مدينة هاغن إدارة الاندماج والهجرة وتأمين السكن (56). وهي تجمع تقديم الإعانات والإيواء وإدارة الأحياء "
        "وشؤون اللاجئين وطالبي اللجوء وتأمين السكن.",
        "الأخبار",
        "أخبار من مجموعة توجيه الاندماج ومن الإدارة 56.",
        "مجموعة التوجيه",
        "تقود المدينة ومنظمات الرعاية الاجتماعية المستقلة معًا العمل على الاندماج في هاغن.",
        "تشارك منظمات الرعاية الاجتماعية المستقلة – AWO وCaritas وDiakonie وDRK وParitätischer والجالية اليهودية – "
        "في عمل مدينة هاغن من أجل الاندماج من خلال مجموعة توجيه مشتركة.",
        "لدى نحو 40 % من سكان هاغن خلفية هجرة. والهجرة من الاتحاد الأوروبي في ازدياد: ارتفع عدد القادمين من "
        "بلغاريا من 1814 (2019) إلى 2009، ومن رومانيا من 3337 إلى 3685.",
        "إدارة الحالات بالأرقام",
        "تموّل ولاية شمال الراين وستفاليا وظائف لإدارة الحالات ضمن إدارة الاندماج البلدية. وقد أسندت مدينة هاغن "
        "هذا العمل إلى منظمات الرعاية الاجتماعية المستقلة. هنا تجدون الأرقام الإجمالية.",
        "الولاية تموّل وظائف إدارة الحالات",
        "ضمن إدارة الاندماج البلدية تموّل ولاية شمال الراين وستفاليا كل وظيفة لإدارة الحالات بمبلغ 56000 يورو سنويًا.",
        "خمس وظائف مموّلة بالفعل، وخمس أخرى ممكنة. ومنذ عام 2022 تدرس المدينة إسناد إدارة الحالات إلى منظمات "
        "الرعاية الاجتماعية المستقلة.",
        "إدارة الحالات: استشارة في حيّكم",
        "يقدّم مديرو الحالات في منظمات الرعاية الاجتماعية المستقلة الاستشارة للمهاجرين في هاغن مجانًا وبسرية وفي حيّهم.",
        "ما الذي تقدّمه إدارة الحالات",
        "يكون لكم شخص ثابت للتواصل. تتوضّحون معًا أسئلة الإقامة والسكن والعمل ودورات اللغة والمدرسة والصحة، "
        "وتجدون الجهات المناسبة. ويساعدكم المستشارون أيضًا في ملء الطلبات.",
        "من يقدّم الاستشارة في أي حيّ",
        "كيف تصلون إلينا",
        "تعالوا إلى ساعات الاستشارة المفتوحة لدى المنظمة في حيّكم أو اتصلوا بالإدارة 56: ‎02331 207-0‎. سنوجّهكم إلى "
        "مركز الاستشارة المناسب. وعند الحاجة يساعدكم مترجم أو مترجمة.",
    ],
    "uk": [
        "Інтеграційний портал Гагена",
        "Спільний портал Керівної групи з інтеграції: місто Гаген і незалежні благодійні організації працюють тут "
        "разом над засіданнями, документами та договорами.",
        "Місто Гаген створило відділ інтеграції, імміграції та житлового забезпечення (56). Він об’єднує надання "
        "допомоги, розміщення, управління кварталами, справи біженців і шукачів притулку, а також житлове "
        "забезпечення.",
        "Новини",
        "Новини Керівної групи з інтеграції та відділу 56.",
        "Керівна група",
        "Місто та незалежні благодійні організації спільно керують інтеграційною роботою в Гагені.",
        "Незалежні благодійні організації – AWO, Caritas, Diakonie, DRK, Paritätischer та Єврейська громада – беруть "
        "участь в інтеграційній роботі міста Гаген через спільну керівну групу.",
        "Близько 40 % мешканців Гагена мають міграційне походження. Імміграція з ЄС зростає: кількість людей з "
        "Болгарії зросла з 1814 (2019) до 2009, з Румунії – з 3337 до 3685.",
        "Кейс-менеджмент у цифрах",
        "Земля Північний Рейн – Вестфалія фінансує посади кейс-менеджерів у межах муніципального управління "
        "інтеграцією. Місто Гаген доручило цю роботу незалежним благодійним організаціям. Тут наведено загальні "
        "цифри.",
        "Земля фінансує посади кейс-менеджерів",
        "У межах муніципального управління інтеграцією земля NRW фінансує кожну посаду кейс-менеджера сумою "
        "56 000 євро на рік.",
        "П’ять посад уже фінансуються, ще п’ять можливі. З 2022 року місто розглядає можливість доручити "
        "кейс-менеджмент незалежним благодійним організаціям.",
        "Кейс-менеджмент: консультації у вашому районі",
        "Кейс-менеджери незалежних благодійних організацій консультують іммігрантів у Гагені безкоштовно, "
        "конфіденційно та у їхньому районі.",
        "Що пропонує кейс-менеджмент",
        "Ви отримуєте постійну контактну особу. Разом ви з’ясовуєте питання щодо перебування, житла, роботи, мовних "
        "курсів, школи та здоров’я і знаходите потрібні установи. Консультанти також допомагають заповнювати заяви.",
        "Хто консультує в якому районі",
        "Як з нами зв’язатися",
        "Приходьте у відкриті години консультацій організації у вашому районі або зателефонуйте до відділу 56: "
        "02331 207-0. Ми направимо вас до потрібного консультаційного центру. За потреби допоможе перекладач.",
    ],
}


def ensure_locales():
    """A Wagtail locale for every configured language."""
    return {code: Locale.objects.get_or_create(language_code=code)[0] for code, _name in settings.LANGUAGES}


def advice_page(home):
    """The German page "Fallmanagement: Beratung in Ihrem Stadtteil": which provider advises in which
    district, from the active case-management contracts."""
    page = ContentPage.objects.filter(slug=ADVICE_SLUG, locale__language_code=settings.LANGUAGE_CODE).first()
    if page is not None:
        return page
    from contracts.models import Contract

    providers = {}
    contracts = Contract.objects.filter(status=Contract.Status.ACTIVE).select_related("provider")
    for contract in contracts.prefetch_related("districts"):
        for district in contract.districts.all():
            providers.setdefault(district.name, set()).add(contract.provider.name)
    items = "".join(f"<li>{district}: {', '.join(sorted(names))}</li>" for district, names in sorted(providers.items()))
    body = [
        ("heading", {"text": ADVICE_OFFER_HEADING, "level": "h2"}),
        ("paragraph", f"<p>{ADVICE_OFFER}</p>"),
        ("heading", {"text": ADVICE_DISTRICTS_HEADING, "level": "h2"}),
        ("paragraph", f"<ul>{items}</ul>" if items else ""),
        ("heading", {"text": ADVICE_CONTACT_HEADING, "level": "h2"}),
        ("paragraph", f"<p>{ADVICE_CONTACT}</p>"),
    ]
    page = ContentPage(
        title=ADVICE_TITLE, slug=ADVICE_SLUG, intro=ADVICE_INTRO, body=[b for b in body if b[1]], show_in_menus=True
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


def translate(page, locale, strings):
    """Translate a German page through wagtail-localize: its strings as a PO file, filled from
    ``strings`` (German text -> translation; the slug stays, other strings missing here stay
    German), then the translation is saved and published."""
    from wagtail_localize.models import Translation, TranslationSource

    if page.has_translation(locale):
        return
    source, _created = TranslationSource.get_or_create_from_instance(page)
    translation, _created = Translation.objects.get_or_create(source=source, target_locale=locale)
    po = translation.export_po()
    for entry in po:
        if entry.msgctxt == "slug":
            slug = entry.msgid
            entry.msgstr = f"{slug}-{locale.language_code}" if isinstance(page, HomePage) else slug
        else:
            entry.msgstr = strings.get(entry.msgid, "")
    translation.import_po(po)
    # saved as a draft and published here at once (wagtail-localize would publish on commit)
    translation.save_target(publish=False)
    page.get_translation(locale).get_latest_revision().publish()


def run(home=None):
    locales = ensure_locales()
    home = home or HomePage.objects.filter(locale__language_code=settings.LANGUAGE_CODE).first()
    if home is None:
        return
    advice = advice_page(home)
    german = Page.objects.live().filter(locale__language_code=settings.LANGUAGE_CODE)
    pages = [
        home,
        NewsIndexPage.objects.filter(pk__in=german.values("pk")).first(),
        ContentPage.objects.filter(pk__in=german.values("pk"), slug="lenkungsgruppe").first(),
        german.filter(slug="fallmanagement").first(),
        advice,
        NewsPage.objects.filter(pk__in=german.values("pk"), slug="foerderung-case-management").first(),
    ]
    for code, texts in TRANSLATIONS.items():
        if code not in locales:
            continue
        strings = dict(zip(SOURCES, texts, strict=True))
        for page in pages:
            if page is not None:
                translate(page.specific, locales[code], strings)
