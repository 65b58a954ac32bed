#!/usr/bin/env python3
"""Writes the judged German search corpus (reports.tsv) and its queries (queries.tsv) for GermanSearchQualityTests.

Every sentence a report is made of carries the concepts it mentions, so that relevance is decided here, from what a
report says, and never by the search engine under test. Deterministic (seed 17); run it again only to change the set.
"""
import random

random.seed(17)

# topic sentences: (text with {w} for the word, word, concepts)
TOPICS = [
    ("Anlagebetrug", "Es besteht der Verdacht auf {w} über eine gefälschte Handelsplattform.", {"betrug", "anlage", "verdacht", "handel"}),
    ("Enkeltrickbetrug", "Die Geschädigte wurde Opfer eines {w}s und übergab Bargeld an einen Abholer.", {"betrug", "enkeltrick"}),
    ("Kreditkartenbetrug", "Gemeldet wird ein {w} mit Daten aus einem Onlineshop.", {"betrug", "kreditkarte"}),
    ("Überweisungsbetrug", "Bei dem {w} wurden Rechnungen einer Firma manipuliert.", {"betrug", "überweisung"}),
    ("Betrug", "Gegen den Beschuldigten wird wegen {w} ermittelt.", {"betrug"}),
    ("Betrugsmasche", "Die {w} mit falschen Paketbenachrichtigungen hält an.", {"betrug", "masche"}),
    ("Telefonbetrüger", "Ein {w} gab sich als Bankmitarbeiter aus.", {"betrug", "telefon"}),
    ("Geldwäsche", "Die Zahlungen deuten auf {w} hin.", {"geldwäsche"}),
    ("Geldwäscheverdacht", "Die Bank meldete einen {w} zu mehreren Konten.", {"geldwäsche", "verdacht"}),
    ("Geldwäschenetzwerk", "Die Konten gehören zu einem {w} mit Sitz im Ausland.", {"geldwäsche", "netzwerk"}),
    ("Kinderpornografieverdacht", "Ein Hinweis des NCMEC begründet einen {w}.", {"kinderpornografie", "verdacht"}),
    ("Rauschgifthandel", "Über den Messengerdienst wurde {w} betrieben.", {"rauschgift", "handel"}),
    ("Waffenhandel", "Im Darknet wurde illegaler {w} festgestellt.", {"waffe", "handel"}),
    ("Darknetmarktplatz", "Der Verkäufer war auf einem {w} aktiv.", {"marktplatz"}),
    ("Cyberangriff", "Ein {w} legte die Verwaltung einer Gemeinde lahm.", {"angriff"}),
    ("Messerangriff", "Nach dem {w} flüchtete der Täter zu Fuß.", {"angriff", "messer"}),
    ("Erpressungssoftware", "Die {w} verschlüsselte sämtliche Server des Unternehmens.", {"erpressung", "software"}),
    ("Schockanrufe", "Ältere Menschen erhielten {w} angeblicher Polizeibeamter.", {"anruf", "schock"}),
    ("Hasskommentare", "In einem sozialen Netzwerk wurden {w} gegen eine Bürgermeisterin veröffentlicht.", {"hass", "kommentar", "netzwerk"}),
    ("Volksverhetzung", "Die Beiträge erfüllen den Tatbestand der {w}.", {"volksverhetzung"}),
    ("Wohnungsdurchsuchung", "Bei der {w} wurden Datenträger sichergestellt.", {"durchsuchung", "wohnung"}),
    ("Durchsuchungsbeschluss", "Das Amtsgericht erließ einen {w} für die Geschäftsräume.", {"durchsuchung", "beschluss"}),
    ("Ermittlungsverfahren", "Die Staatsanwaltschaft leitete ein {w} ein.", {"ermittlung", "verfahren"}),
    ("Betreuung", "Die Geschädigte steht unter rechtlicher {w}.", {"betreuung"}),
    ("Betreuungsverfahren", "Ein {w} für den Geschädigten ist beim Amtsgericht anhängig.", {"betreuung", "verfahren"}),
]

PLACES = [("Hauptstraße", {"straße", "hauptstraße"}), ("Bahnhofstraße", {"straße", "bahnhofstraße"}),
          ("Schillerstraße", {"straße"}), ("Gartenstraße", {"straße"}), ("Lindenweg", set()), ("Am Markt", set())]
CITIES = [("Köln", {"köln"}), ("München", {"münchen"}), ("Düsseldorf", {"düsseldorf"}), ("Nürnberg", {"nürnberg"}),
          ("Hamburg", set()), ("Stuttgart", set()), ("Wiesbaden", set()), ("Magdeburg", set())]

# people: identity → spellings (each a full name as a report would write it)
PEOPLE = {
    "meier": ["Jürgen Meier", "Jürgen Meyer", "Juergen Maier", "Jürgen Mayer", "Meier, Jürgen"],
    "müller": ["Jürgen Müller", "Juergen Mueller", "Jürgen Muller", "Müller, Jürgen"],
    "alhassan": ["Mohammed Al-Hassan", "Muhammad El-Hasan", "Mohamad al-Hassan", "Mohamed Al Hasan"],
    "schewtschenko": ["Jurij Schewtschenko", "Yuri Shevchenko", "Juri Schewtschenko", "Yurii Shevchenko"],
    "tschernow": ["Sergej Tschernow", "Sergey Chernov", "Sergei Tschernow"],
    "hussein": ["Jussuf Hussein", "Youssef Husain", "Yusuf Hussain"],
    "wolkow": ["Aleksandr Wolkow", "Alexander Volkov", "Oleksandr Volkov"],
    "sokolow": ["Dmitrij Sokolow", "Dmitry Sokolov", "Dmitri Sokolow"],
    "kusnezow": ["Wladimir Kusnezow", "Vladimir Kuznetsov", "Wladimir Kuznezow"],
    "mansour": ["Khalid Mansour", "Chalid Mansur", "Khaled Mansur"],
    "schmidt": ["Thomas Schmidt", "Thomas Schmitt", "Tomas Schmid"],
    "schneider": ["Petra Schneider", "Petra Schneider"],
}
PERSON_SENTENCES = ["Als Tatverdächtiger gilt {p}.", "Die Anzeige erstattete {p}.", "Zeuge ist {p}.",
                    "Das Konto wird von {p} geführt.", "Der Anschluss ist auf {p} angemeldet."]

# fillers: (sentence, concepts)
FILLERS = [
    ("Der Sachverhalt wird weiter geprüft.", set()),
    ("Es liegen Hinweise auf weitere Geschädigte vor.", set()),
    ("Die Spurensicherung ist abgeschlossen.", set()),
    ("Mehrere Zeugen wurden befragt.", set()),
    ("Der Vorgang wurde an die Staatsanwaltschaft abgegeben.", {"vorgang"}),
    ("Die Auswertung beinhaltet mehrere Datenträger.", set()),
    ("Die Ermittlungen dauern an.", {"ermittlung"}),
    ("Die Lage vor Ort ist unübersichtlich.", {"lage"}),
    ("Das Lagebild wird fortgeschrieben.", {"lage"}),
    ("Der Schaden beläuft sich auf rund 12.000 Euro.", set()),
    ("Eine Vernehmung ist für die kommende Woche geplant.", set()),
    ("Weitere Anlagen folgen mit gesonderter Post.", {"anlage"}),
    ("Kleidung und Wäsche des Opfers wurden sichergestellt.", {"wäsche"}),
    ("Der Geschädigte wurde am Bein verletzt.", {"bein"}),
    ("Im Gang des Mehrfamilienhauses fanden sich Spuren.", {"gang"}),
]

N = 300
reports = []
people_ids = list(PEOPLE)
for i in range(N):
    word, sentence, concepts = TOPICS[i % len(TOPICS)]
    concepts = set(concepts)
    parts = [sentence.format(w=word)]
    names = set()
    # every fourth report names a person, spellings of one identity spread over reports
    if i % 4 == 1:
        who = people_ids[(i // 4) % len(people_ids)]
        spelling = PEOPLE[who][(i // (4 * len(people_ids))) % len(PEOPLE[who])]
        parts.append(random.choice(PERSON_SENTENCES).format(p=spelling))
        names.add(who)
    street, street_concepts = random.choice(PLACES)
    city, city_concepts = random.choice(CITIES)
    parts.append(f"Tatort: {street} {random.randint(1, 120)}, {city}.")
    concepts |= street_concepts | city_concepts
    for filler, filler_concepts in random.sample(FILLERS, 2):
        parts.append(filler)
        concepts |= filler_concepts
    reports.append((f"R{i + 1:03d}", " ".join(parts), concepts, names))

# queries: (class, query, concept or person the relevant reports must carry)
Q = [
    ("head", "Betrug", "c:betrug"), ("head", "Verdacht", "c:verdacht"), ("head", "Netzwerk", "c:netzwerk"),
    ("head", "Angriff", "c:angriff"), ("head", "Handel", "c:handel"), ("head", "Masche", "c:masche"),
    ("head", "Anruf", "c:anruf"), ("head", "Strasse", "c:straße"), ("head", "Verfahren", "c:verfahren"),
    ("head", "Beschluss", "c:beschluss"), ("head", "Software", "c:software"), ("head", "Kommentar", "c:kommentar"),
    ("head", "Marktplatz", "c:marktplatz"),
    ("modifier", "Anlage", "c:anlage"), ("modifier", "Geldwäsche", "c:geldwäsche"), ("modifier", "Enkeltrick", "c:enkeltrick"),
    ("modifier", "Kreditkarte", "c:kreditkarte"), ("modifier", "Telefon", "c:telefon"), ("modifier", "Rauschgift", "c:rauschgift"),
    ("modifier", "Waffe", "c:waffe"), ("modifier", "Erpressung", "c:erpressung"), ("modifier", "Durchsuchung", "c:durchsuchung"),
    ("modifier", "Kinderpornografie", "c:kinderpornografie"), ("modifier", "Hass", "c:hass"), ("modifier", "Überweisung", "c:überweisung"),
    ("modifier", "Wohnung", "c:wohnung"), ("modifier", "Messer", "c:messer"),
    ("inflection", "Ermittlungen", "c:ermittlung"), ("inflection", "Angriffe", "c:angriff"), ("inflection", "Netzwerke", "c:netzwerk"),
    ("inflection", "Durchsuchungen", "c:durchsuchung"), ("inflection", "Anrufen", "c:anruf"), ("inflection", "Kreditkarten", "c:kreditkarte"),
    ("inflection", "Waffen", "c:waffe"), ("inflection", "Kommentaren", "c:kommentar"), ("inflection", "Überweisungen", "c:überweisung"),
    ("inflection", "Betrügern", "c:betrug"),
    ("umlaut", "Geldwaesche", "c:geldwäsche"), ("umlaut", "Geldwasche", "c:geldwäsche"), ("umlaut", "Ueberweisung", "c:überweisung"),
    ("umlaut", "Hauptstrasse", "c:hauptstraße"), ("umlaut", "Bahnhofstrasse", "c:bahnhofstraße"), ("umlaut", "Koeln", "c:köln"),
    ("umlaut", "Muenchen", "c:münchen"), ("umlaut", "Duesseldorf", "c:düsseldorf"), ("umlaut", "Nuernberg", "c:nürnberg"),
    ("umlaut", "Betrueger", "c:betrug"),
    ("name", "name:Meier", "p:meier"), ("name", "name:Meyer", "p:meier"), ("name", "name:\"Jürgen Maier\"", "p:meier"),
    ("name", "name:Mueller", "p:müller"), ("name", "name:Mohammed", "p:alhassan"), ("name", "name:\"Mohammed Al-Hassan\"", "p:alhassan"),
    ("name", "name:\"Muhammad El-Hasan\"", "p:alhassan"), ("name", "name:Jurij", "p:schewtschenko"),
    ("name", "name:\"Yuri Shevchenko\"", "p:schewtschenko"), ("name", "name:Tschernow", "p:tschernow"),
    ("name", "name:\"Sergey Chernov\"", "p:tschernow"), ("name", "name:Youssef", "p:hussein"), ("name", "name:\"Jussuf Hussein\"", "p:hussein"),
    ("name", "name:\"Alexander Volkov\"", "p:wolkow"), ("name", "name:Sokolov", "p:sokolow"), ("name", "name:\"Vladimir Kuznetsov\"", "p:kusnezow"),
    ("name", "name:Chalid", "p:mansour"), ("name", "name:Schmitt", "p:schmidt"), ("name", "name:\"Tomas Schmid\"", "p:schmidt"),
    ("name", "name:Юрий", "p:schewtschenko"),
    ("negative", "Betreuung", "c:betreuung"), ("negative", "name:Maier", "p:meier"), ("negative", "name:Müller", "p:müller"),
    ("negative", "name:Schneider", "p:schneider"), ("negative", "Lage", "c:lage"), ("negative", "Wäsche", "c:wäsche"),
    ("negative", "Bein", "c:bein"), ("negative", "Gang", "c:gang"), ("negative", "Tiger", "c:tiger"),
    ("negative", "Wolke", "c:wolke"),
]

with open("reports.tsv", "w", encoding="utf-8") as f:
    f.write("# id\ttext (generated by generate.py; relevance in queries.tsv)\n")
    for rid, text, _, _ in reports:
        f.write(f"{rid}\t{text}\n")
with open("queries.tsv", "w", encoding="utf-8") as f:
    f.write("# class\tquery\trelevant report ids (generated by generate.py from what each report says)\n")
    for cls, query, need in Q:
        kind, key = need.split(":", 1)
        relevant = [rid for rid, _, concepts, names in reports if (key in concepts if kind == "c" else key in names)]
        f.write(f"{cls}\t{query}\t{' '.join(relevant)}\n")
print(len(reports), "reports,", len(Q), "queries")
