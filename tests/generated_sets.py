"""Generated variations for the marketing, uncited and SEO rules: templates times slot fillers.

Every sentence here is written for this file. Each template is expanded with every filler of
its slots (capped), so one kind of promotion or claim appears in many wordings the rules were
not written against. Templates are split by position: every third one is `held` and is never
looked at while tuning; the rest are `tune`. Negatives (must-not-flag) cover the traps: safety
helplines, medical instructions, cited claims, neutral descriptions and clean prose.

An item is one short article: the sentence alone, or a host sentence with a search query
inserted into it. `target` is the span that must be flagged (None for negatives).
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass


@dataclass(frozen=True)
class Item:
    category: str  # marketing | uncited | seo_spam
    label: str  # flag | ok | must_not
    text: str
    target: str | None
    template: int
    split: str  # tune | held
    kind: str


BRANDS = [
    "Harborview Recovery",
    "Clearpath Health",
    "Sobrio",
    "Northline Wellness",
    "BrightStep",
    "Tidewater Rehab",
    "Kindred Path",
    "Mendwell",
    "Oakhollow Detox",
    "Lumen Care",
]
APPS = ["Sobrio", "Mendwell", "Steady", "Quitline Plus", "Daybreak"]
TIMES = [
    "today",
    "this week",
    "now",
    "tonight",
    "before Friday",
    "in minutes",
    "online",
    "from your phone",
    "right now",
    "this month",
]
SERVICES = [
    "medication-assisted treatment",
    "outpatient detox",
    "same-day intake",
    "virtual therapy sessions",
    "residential care",
    "sober living placement",
    "alcohol detox",
    "family counseling",
    "online prescriptions for naltrexone",
]
PRICES = ["$49 a month", "$29 per visit", "$199", "$99 a month", "$15 per week"]
DRUGS = [
    "baclofen",
    "naltrexone",
    "gabapentin",
    "acamprosate",
    "buprenorphine",
    "methadone",
    "disulfiram",
    "pregabalin",
    "topiramate",
    "kratom",
    "phenibut",
    "lorazepam",
]
NAMES = ["Dana Whitfield", "Marcus Reyes", "Priya Natarajan", "Tom Becker", "Leah Ostrowski"]


def _fill(template: str, slots: dict[str, list[str]], rng: random.Random, cap: int) -> list[str]:
    keys = [k for k in slots if "{" + k + "}" in template]
    combos = list(itertools.product(*(slots[k] for k in keys)))
    rng.shuffle(combos)
    out = []
    for combo in combos[:cap]:
        s = template
        for k, v in zip(keys, combo, strict=True):
            s = s.replace("{" + k + "}", v, 1)
        out.append(s[0].upper() + s[1:])
    return out


# -- marketing -----------------------------------------------------------------------------------

MKT_SLOTS = {
    "brand": BRANDS,
    "app": APPS,
    "time": TIMES,
    "service": SERVICES,
    "price": PRICES,
    "name": NAMES,
    "book": ["reserve", "book", "schedule", "secure", "lock in", "claim"],
    "slot": [
        "your intake assessment",
        "a free consultation",
        "your first session",
        "a spot in our next program",
        "an appointment with a counselor",
        "a same-day evaluation",
        "your bed",
    ],
    "start": ["begin", "start", "kick off", "launch"],
    "journey": ["treatment", "your recovery", "care", "your sobriety journey", "therapy"],
    "getapp": ["get", "download", "install", "grab"],
    "perk": [
        "unlock member pricing",
        "track your cravings",
        "get 20% off your first month",
        "message a coach anytime",
        "see your care plan",
    ],
    "join": ["join", "sign up for", "subscribe to", "get on"],
    "list": [
        "our mailing list",
        "our newsletter",
        "the waitlist",
        "our weekly recovery emails",
        "our text alerts",
    ],
    "talk": ["talk to", "chat with", "speak with", "text", "message", "connect with"],
    "advisor": [
        "one of our admissions coordinators",
        "a recovery advisor",
        "our intake team",
        "a treatment specialist",
        "our care navigators",
    ],
    "ins": [
        "verify your insurance",
        "check your coverage",
        "see if your plan covers care",
        "confirm your benefits",
    ],
    "discount": ["save 25% on", "take $50 off", "get a discount on", "save on"],
    "product": ["your first month", "your refill", "your first order", "membership"],
    "we": ["we offer", "we provide", "we specialize in", "our team provides", "we deliver"],
    "place": ["Scottsdale", "lakeside", "Denver", "Austin", "coastal"],
}
MKT_FLAG = [
    ("cta", "{book} {slot} {time}."),
    ("cta", "{start} {journey} from home with {brand}."),
    ("cta", "{getapp} the {app} app to {perk}."),
    ("cta", "{join} {list} for weekly tips on staying sober."),
    ("cta", "{talk} {advisor} {time}."),
    ("cta", "{ins} in under two minutes."),
    ("cta", "{discount} {product} with {brand}."),
    ("cta", "ready to {start} {journey}? {talk} {advisor}."),
    ("cta", "find a {brand} location near you and {book} {slot}."),
    ("promo", "{we} {service} at our {place} campus."),
    ("promo", "{brand} offers {service} for just {price}."),
    ("promo", "members of {brand} get {service} for {price}."),
    ("promo", "this article is sponsored by {brand}."),
    ("promo", "brought to you by {brand}, a leader in {service}."),
    ("promo", "with {brand}, you can get {service} {time}."),
    ("promo", "{brand} is proud to offer {service} to adults across the state."),
    (
        "promo",
        "{name} is an award-winning health writer whose work has been featured in major magazines.",
    ),
    ("promo", "our caring clinicians will build a plan around your goals."),
    ("widget", "you must be logged in to post a comment."),
    ("widget", "comments are moderated and will appear after approval."),
    ("widget", "subscribe to our newsletter to get the latest recovery news in your inbox."),
    ("cta", "{getapp} {app} on the App Store or Google Play {time}."),
    ("promo", "{brand} members save 30% on every prescription."),
    ("cta", "let us help you {start} {journey} {time}."),
    ("cta", "we'll help you {ins} and {book} {slot}."),
    ("cta", "you can {book} {slot} with {brand} {time}."),
    ("cta", "click here to {book} {slot}."),
]

SAFE_SLOTS = {
    "drug": DRUGS,
    "symptom": [
        "confusion",
        "a rash",
        "trouble breathing",
        "fainting",
        "a seizure",
        "dark urine",
        "severe drowsiness",
        "chest pain",
    ],
    "helpline": [
        "Call 988",
        "Call or text 988",
        "Call 911",
        "Call Poison Control at 1-800-222-1222",
        "Call SAMHSA's National Helpline at 1-800-662-4357",
        "Dial 911",
        "Call the Poison Help line at 1-800-222-1222",
    ],
    "crisis": [
        "if you are thinking about suicide",
        "if someone has stopped breathing",
        "if you think someone took too much",
        "if you are in crisis",
        "right away if a child swallows a tablet",
    ],
}
MKT_MUST_NOT = [
    ("helpline", "{helpline} {crisis}."),
    ("helpline", "if you or someone you know is in crisis, {helpline}."),
    ("helpline", "SAMHSA's National Helpline is free, confidential and open 24/7."),
    ("instruction", "take {drug} with food to avoid an upset stomach."),
    ("instruction", "do not stop taking {drug} suddenly."),
    ("instruction", "call your doctor if you notice {symptom}."),
    ("instruction", "tell your pharmacist about every medicine you take before starting {drug}."),
    ("instruction", "store {drug} at room temperature, away from moisture."),
    ("instruction", "get medical help right away if you have {symptom}."),
    ("instruction", "ask your doctor before you start or stop {drug}."),
    ("instruction", "keep {drug} out of the reach of children."),
    (
        "instruction",
        "start with a low dose of {drug} and increase it slowly, as your doctor directs.",
    ),
    ("instruction", "talk to your doctor about whether {drug} is right for you."),
]
MKT_OK = [
    ("neutral", "many treatment centers offer {service} alongside counseling."),
    ("neutral", "some clinics charge a flat monthly fee for {service}."),
    ("neutral", "patients who join a support group tend to stay in treatment longer."),
    ("neutral", "outpatient programs usually meet three evenings a week."),
    ("neutral", "a counselor may ask about drinking patterns during the first visit."),
    ("neutral", "insurance plans differ in how much of {service} they cover."),
    ("neutral", "people often download tracking apps, but few studies have tested them."),
    ("neutral", "the researchers scheduled follow-up visits every four weeks."),
    ("neutral", "{drug} is usually started at a low dose."),
    ("neutral", "families can find support groups through local hospitals and libraries."),
]

# Ordinary prose that uses the verbs of a sales prompt for something else.
MKT_HARD = [
    "Get enough sleep during the first weeks without alcohol.",
    "Find out which of your medicines interact before you mix them.",
    "Visit frequency fell after the clinic moved to telehealth.",
    "Book reviews of addiction memoirs rarely mention medication.",
    "Order matters when two sedatives are tapered at the same time.",
    "Check the label for the strength of each tablet.",
    "Save the empty blister packs so the pharmacist can check them.",
    "Start with the lowest dose, and raise it only if your prescriber agrees.",
    "Join a mutual-help group if you find meetings useful; many people do.",
    "Talk with family members about how they can support your plan.",
    "Try to eat regular meals while your body adjusts.",
    "Call a friend when cravings hit late at night.",
    "Text messages from counselors helped some participants stay in the study.",
    "Download speeds have nothing to do with how telehealth visits are billed.",
    "Claims that kratom is harmless are not supported by good evidence.",
    "See the section on withdrawal for the usual timeline.",
    "Subscribe is the word the study used for patients who enrolled online.",
    "Request records from your previous clinic so your new doctor can review them.",
    "The clinic offers evening hours, according to the county health department.",
    "We provide an overview of the main medicines below.",
    "In this guide we explain how each drug works.",
    "Our bodies clear alcohol at roughly one drink per hour.",
    "Researchers in our study treated 40 patients with baclofen.",
    "Medicare covers some outpatient treatment for alcohol use disorder.",
    "Many states offer free naloxone at pharmacies without a prescription.",
    "Planned Parenthood and community clinics provide low-cost care in many towns.",
    "Get rid of unused tablets at a pharmacy take-back box.",
    "Start a symptom diary the day you stop drinking.",
    "Reach for water rather than another drink.",
    "Book time off work if detox is planned for the first week.",
    "You can take baclofen with or without food.",
    "You can find meeting schedules on the group's national website.",
    "Let your doctor know if you plan to stop.",
    "Sign language interpreters are available at some clinics.",
    "Free samples are sometimes handed out at conferences, which raises ethical questions.",
    "Apply ice to the injection site if it is sore.",
    "Explore the reasons you drink with a therapist before setting a goal.",
    "Discover what triggers your cravings by keeping notes for two weeks.",
    "Secure medicines in a locked box if teenagers live in the house.",
    "Schedule II drugs need a new prescription for each fill.",
]
MKT_OK += [("hard", h) for h in MKT_HARD]


# -- uncited -------------------------------------------------------------------------------------

UNC_SLOTS = {
    "drug": DRUGS,
    "frac": [
        "half",
        "a third",
        "a quarter",
        "two thirds",
        "three in four",
        "nearly half",
        "more than half",
        "about a fifth",
    ],
    "group": [
        "people who stop drinking",
        "patients on long-term opioids",
        "adults in detox",
        "heavy drinkers",
        "teens who misuse pills",
        "older adults on sedatives",
    ],
    "outcome": [
        "relapse within a year",
        "return to heavy drinking",
        "drop out of treatment",
        "report withdrawal symptoms",
        "misuse their prescription",
    ],
    "change": [
        "slashes",
        "cuts",
        "halves",
        "doubles",
        "triples",
        "lowers",
        "reduces",
        "raises",
        "boosts",
    ],
    "risk": [
        "the odds of returning to drinking",
        "the risk of falls",
        "the chance of relapse",
        "the likelihood of staying abstinent",
        "the risk of an overdose",
        "cravings",
    ],
    "amount": ["by half", "by a third", "by 40 percent", "by nearly two thirds", "sharply"],
    "rank": [
        "ranks among the most misused prescriptions",
        "is the 40th most dispensed drug",
        "is one of the ten most prescribed medicines",
        "is among the most commonly abused sedatives",
        "is the third most common cause of poisoning calls",
    ],
    "place": ["in the country", "in rural areas", "in the United States", "among teenagers"],
    "count": [
        "12,000 patients",
        "two million adults",
        "more than 300 people",
        "thousands of teenagers",
        "nearly 90,000 Americans",
    ],
    "year": ["2012", "2018", "2009", "2021"],
    "n": ["100 drinkers", "400 adults", "62 patients", "1,200 veterans"],
    "likely": ["twice as likely", "three times as likely", "far more likely", "half as likely"],
}
UNC_FLAG = [
    ("fraction", "{frac} of {group} {outcome}."),
    ("change", "{drug} {change} {risk}."),
    ("change", "taking {drug} every day {change} {risk} {amount}."),
    ("rank", "{drug} {rank} {place}."),
    ("count", "{count} were treated for {drug} misuse last year."),
    ("study", "a {year} study of {n} found that {drug} reduced heavy drinking."),
    ("study", "one trial of {n} showed that {drug} helped people stay sober for longer."),
    ("likely", "people who take {drug} with alcohol are {likely} to end up in the emergency room."),
    ("fraction", "roughly {frac} of {group} {outcome} in the first month."),
    ("change", "combining {drug} with counseling {change} {risk}."),
    ("count", "every year {count} start treatment for opioid use disorder."),
    ("study", "researchers who followed {n} for a year found fewer relapses with {drug}."),
    ("likely", "{group} are {likely} to {outcome} as those who get support."),
    ("rank", "in 2020 {drug} {rank}."),
    ("cause", "long-term {drug} use causes memory problems in older adults."),
]
UNC_CITED = [
    ("cited", "{frac} of {group} {outcome} (Smith et al., 2019)."),
    ("cited", "{drug} {change} {risk} [4]."),
    ("cited", "a {year} study of {n} found that {drug} reduced heavy drinking (12)."),
    ("cited", "{drug} {rank} {place}, according to https://www.cdc.gov/drugoverdose/data."),
    ("cited", "{count} were treated for {drug} misuse last year (3, 5)."),
]
UNC_OK = [
    ("instruction", "take {drug} with a full glass of water."),
    ("definition", "{drug} is a medicine that acts on the brain."),
    ("narrative", "I started {drug} in March and felt calmer by the summer."),
    ("question", "does {drug} {change} {risk}?"),
    ("gap", "more research is needed before doctors know whether {drug} helps."),
    ("opinion", "we think families deserve clearer information about {drug}."),
]

# Prose with numbers, fractions and change verbs that asserts nothing to source.
UNC_HARD = [
    "Cut the tablet in half only if it has a score line.",
    "Reduce the dose slowly over two weeks, as your prescriber directs.",
    "Raise any concerns about side effects at your next visit.",
    "I drank half a bottle of wine every night for three years.",
    "The clinic opened in 2019 and now has two locations.",
    "Take two tablets in the morning and one at night.",
    "Our group met twice a week in the church hall.",
    "Chapter three covers the history of the first detox wards.",
    "Most of the people in my meeting had tried to quit before.",
    "Lower the lights and keep the room quiet during withdrawal.",
    "The second half of this article covers what to ask your doctor.",
    "She doubled her walking time once the cravings eased.",
    "Write down the number of drinks you have each day for a week.",
    "The hospital has 300 beds and a separate addiction unit.",
    "Ask how many patients the clinic treats each year before you enrol.",
]
UNC_OK += [("hard", h) for h in UNC_HARD]


# -- SEO -----------------------------------------------------------------------------------------

HOSTS = [
    "Baclofen relaxes tight muscles and is sometimes used off-label for alcohol cravings.",
    "Doctors usually raise the dose slowly over several weeks to limit drowsiness.",
    "People who stop drinking suddenly can develop tremors, sweating and anxiety.",
    "Naltrexone blocks the pleasant effects of alcohol for many heavy drinkers.",
    "Support from family members makes it easier to stay in treatment.",
    "Gabapentin is prescribed for nerve pain and for some kinds of seizures.",
    "Withdrawal from sedatives should be managed slowly under medical supervision.",
    "Many patients combine medication with weekly counseling sessions.",
    "The tablets come in several strengths and are usually taken three times a day.",
    "Mixing sedatives with alcohol slows breathing and can be dangerous.",
    "Kratom is sold in smoke shops even though its safety has not been established.",
    "A pharmacist can explain how each medicine interacts with the others you take.",
    "Outpatient programs let people keep working while they get treatment.",
    "Older adults are more sensitive to the side effects of these drugs.",
    "Buprenorphine eases cravings and lowers the risk of overdose for many patients.",
    "Sleep often improves after the first few weeks without alcohol.",
    "Most people feel the effects within an hour of the first dose.",
    "Counselors help patients plan for situations that trigger cravings.",
]
QUERIES = [
    "baclofen for alcohol near me",
    "best rehab in dallas cheap",
    "how long does gabapentin stay in your system",
    "is kratom legal in texas",
    "suboxone vs methadone reddit",
    "naltrexone cost without insurance",
    "buy xanax online no prescription",
    "alcohol detox at home how to",
    "phenibut withdrawal timeline reddit",
    "what does baclofen feel like",
    "gabapentin 300 mg high",
    "rehab centers near me that take medicaid",
    "cheap detox los angeles",
    "can you drink on naltrexone",
    "lorazepam vs xanax which is stronger",
    "baclofen 10mg price walgreens",
    "does medicare cover rehab",
    "kratom capsules for sale",
    "how to get prescribed suboxone online",
    "detox centers houston tx",
    "acamprosate side effects weight gain",
    "how much baclofen to get high",
    "gabapentin and alcohol forum",
    "best online suboxone doctor",
]

# Clean prose that uses query words the way writers do.
SEO_HARD = [
    "A small trial compared baclofen vs placebo in heavy drinkers over twelve weeks.",
    "Patients often ask how long gabapentin stays in the body after the last dose.",
    "The best evidence for naltrexone comes from trials that combined it with counseling.",
    "Some people buy kratom online, where the strength of each batch is unknown.",
    "Researchers in Houston studied how methadone clinics handled take-home doses.",
    "The cost of buprenorphine has fallen since generic tablets became available.",
    "Doctors explain what baclofen does to the nerves that control muscle tone.",
    "Forum posts about phenibut often describe withdrawal that lasts for weeks.",
    "Learning how to taper safely is the first thing to discuss with a prescriber.",
    "Cheap vodka and high-strength cider are the drinks most often linked to liver harm.",
    "Medicare and most private plans now pay for some addiction treatment.",
    "People near the end of a long taper may feel anxious for a few days.",
    "Whether gabapentin is addictive depends on the dose and on other drugs taken with it.",
    "Compared with lorazepam, diazepam has a longer half-life and a slower taper.",
    "The side effects of acamprosate are usually mild, and diarrhea is the most common.",
    "In Texas, as in most states, kratom is legal for adults to buy.",
]
SEO_OK = [("hard", h) for h in SEO_HARD]


def _insert_at(host: str, query: str, rng: random.Random) -> tuple[str, str] | None:
    """The host with the query after an inner word (never first or last two words)."""
    ws = host.rstrip(".").split(" ")
    if len(ws) < 6:
        return None
    cut = rng.randrange(2, len(ws) - 2)
    if ws[cut - 1].endswith(","):
        return None
    text = " ".join([*ws[:cut], query, *ws[cut:]]) + "."
    return text, query


def generate(cap: int = 6, seed: int = 7) -> list[Item]:
    rng = random.Random(seed)
    items: list[Item] = []

    def add(category: str, label: str, templates, slots, with_target: bool) -> None:
        for i, (kind, tpl) in enumerate(templates):
            split = "held" if i % 3 == 2 else "tune"
            for s in _fill(tpl, slots, rng, cap):
                target = s.rstrip(".") if with_target else None
                items.append(Item(category, label, s, target, i, split, kind))

    add("marketing", "flag", MKT_FLAG, MKT_SLOTS, True)
    add("marketing", "must_not", MKT_MUST_NOT, SAFE_SLOTS, False)
    add("marketing", "ok", MKT_OK, {**MKT_SLOTS, "drug": DRUGS}, False)
    add("uncited", "flag", UNC_FLAG, UNC_SLOTS, True)
    add("uncited", "must_not", UNC_CITED, UNC_SLOTS, False)
    add("uncited", "ok", UNC_OK, UNC_SLOTS, False)
    for i, (kind, text) in enumerate(SEO_OK):
        split = "held" if i % 3 == 2 else "tune"
        items.append(Item("seo_spam", "ok", text, None, i, split, kind))
    for i, host in enumerate(HOSTS):
        split = "held" if i % 3 == 2 else "tune"
        items.append(Item("seo_spam", "ok", host, None, i, split, "clean"))
        for query in rng.sample(QUERIES, 5):
            made = _insert_at(host, query, rng)
            if made:
                items.append(Item("seo_spam", "flag", made[0], made[1], i, split, "inserted"))
    return items
