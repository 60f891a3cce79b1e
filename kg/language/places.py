"""Place mentions in one article: which entity spans are places, which place each one is, and
what "the city" or "the town" refers to.

Resolution looks at the whole article first (the regions it names, the places it is sure of),
because "Ivanivka" or "Novoselivka" mean different villages in different oblasts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.facts import PlaceRef
from kg.language import gazetteer, lexicons
from kg.names import key

PLACE_LABELS = {"GPE", "LOC", "FAC"}
REGION_WORDS = {"region", "oblast", "province", "district", "regions"}
SETTLEMENT_NOUNS = {"village", "town", "city", "settlement", "hamlet", "outskirts", "suburb", "island",
                    "port", "hub", "stronghold", "locality"}
ANAPHORA = re.compile(r"\b(?:the|this|that)\s+(city|town|village|settlement|island|port|stronghold)\b", re.I)
WELL_FORMED = re.compile(r"^[A-Z][\w'’. -]*[\w.]$")
NOT_NAMES = {"DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT"}  # "the village of X": any name
_NOT_PLACES = {"west", "east", "north", "south", "europe", "nato", "the west", "kremlin"}


@dataclass
class Mention:
    begin: int   # character offsets
    end: int
    start: int   # token offsets
    stop: int
    ref: PlaceRef


def _region_tail(doc, ent) -> tuple[int, str | None]:
    """'Kharkiv region', 'Donetsk Oblast': the token index after the region word, if one follows."""
    nxt = ent.end
    if nxt < len(doc) and doc[nxt].lower_ in REGION_WORDS:
        return nxt + 1, doc[nxt].lower_
    return ent.end, None


def _facility_tail(doc, stop: int) -> int:
    """'X nuclear power plant', 'X NPP', 'the X steel works': the token index after the facility
    noun when one follows the name within three lower-case nouns and adjectives ("X holds a
    station" is no facility), else the name's own end."""
    facilities = lexicons.word_classes()["facility"]
    for i in range(stop, min(stop + 4, len(doc))):
        word = doc[i]
        if word.lower_ in facilities and word.pos_ in ("NOUN", "PROPN"):
            return i + 1
        if not (word.is_lower and word.is_alpha and word.pos_ in ("ADJ", "NOUN")):
            break
    return stop


def find_mentions(doc) -> list[Mention]:
    """Every place mention in a doc, resolved as far as the article allows."""
    gaz = gazetteer.load()
    raw = []
    facilities = lexicons.word_classes()["facility"]
    for ent in doc.ents:
        named_facility = ent.label_ not in NOT_NAMES and ent.end < len(doc) and \
            doc[ent.end].lower_ in facilities and doc[ent.end].pos_ == "NOUN"
        if ent.label_ not in PLACE_LABELS and not named_facility:
            continue  # but "the Zirka plant", whatever the model took the name for, is a place
        name = ent.text.strip(" ’'")
        name = re.sub(r"^(?:the)\s+", "", name, flags=re.I)
        name = re.sub(r"[’']s$", "", name)
        if not name or name.lower() in _NOT_PLACES or not name[0].isupper() or not WELL_FORMED.match(name):
            continue
        if key(name) in gazetteer.foreign_names() and not gazetteer.load().candidates(name):
            continue
        if name.lower() in lexicons.side_words() or name.lower().endswith(("ian", "ians", "ese")) and \
                not gazetteer.load().candidates(name):
            continue  # "Ukrainian", "Russians": the model sometimes tags demonyms as places
        stop, region_word = _region_tail(doc, ent)
        if _is_given_name(doc, ent):
            continue
        if named_facility:  # the facility noun is part of the mention, the name stays the name
            raw.append((ent, name, stop + 1, None))
            continue
        facility_end = _facility_tail(doc, stop) if region_word is None else stop
        if facility_end > stop:
            stop = facility_end
            name = f"{name} {doc[ent.end:stop].text}"
        raw.append((ent, name, stop, region_word))
    tagged = len(raw)
    # named places not tagged as entities: "the village of X", "the settlement of X", and before
    # a plural settlement noun, "in the areas of X and Y settlements"
    names_before = lexicons.word_classes()["settlement-plural"] | lexicons.word_classes()["area"]
    for token in doc:
        if token.lower_ in names_before and token.i > 0:
            end = token.i
            start = end
            while start > 0 and start > end - 2 and doc[start - 1].is_title and doc[start - 1].pos_ == "PROPN" and \
                    doc[start - 1].ent_type_ not in NOT_NAMES:
                start -= 1
            if start < end and not any(span.start <= start < stop for span, _, stop, _ in raw):
                span = doc[start:end]
                raw.append((span, span.text, end, None))
    settlement_nouns = SETTLEMENT_NOUNS | lexicons.word_classes()["settlement-plural"]  # "the villages of A and B"
    for token in doc:
        if token.lower_ in settlement_nouns and token.i + 2 < len(doc) and doc[token.i + 1].lower_ == "of":
            cand = doc[token.i + 2]
            if cand.is_title and cand.pos_ == "PROPN" and cand.ent_type_ not in NOT_NAMES:
                end = cand.i + 1
                while end < len(doc) and doc[end].is_title and doc[end].pos_ == "PROPN":
                    end += 1
                span = doc[cand.i:end]
                raw.append((span, span.text, end, None))

    raw = _list_completion(doc, raw + _operation_arguments(doc, raw))
    by_context = {name for _, name, _, _ in raw[tagged:]}  # placed by the words around it, not the model's tag
    raw = _every_occurrence(doc, raw)
    regions: set[tuple[str, str]] = set()
    sure: list[gazetteer.Place] = []
    for _span, name, _, region_word in raw:
        place, found = gaz.choose(name)
        if place is not None and len(found) == 1:
            sure.append(place)
            if place.kind == "region" or region_word:
                regions.add((place.country, place.admin1))
    mentions = []
    for ent, name, stop, region_word in raw:
        ref = _resolve(gaz, name, region_word, regions, sure)
        end_char = doc[stop - 1].idx + len(doc[stop - 1].text)
        mentions.append(Mention(ent.start_char, end_char, ent.start, stop, ref))
    mentions.sort(key=lambda m: m.begin)
    people: dict[str, set[str]] = {}  # surname -> the full names the model tagged as people
    for ent in doc.ents:
        if ent.label_ == "PERSON" and len(ent) > 1:
            people.setdefault(ent[-1].lower_, set()).add(ent.text)
    shaped = {m.ref.name for m in mentions if m.ref.kind == "feature" and _looks_like_a_place(doc, m, people, by_context)}
    # a name once shaped as a place ("the Zirka plant") is the place wherever the article repeats it
    return [m for m in mentions if m.ref.kind != "feature" or m.ref.name in shaped]


def _looks_like_a_place(doc, m: Mention, people: dict[str, set[str]], by_context: set[str]) -> bool:
    """A name the gazetteer does not know is a place if it has the shape of one: a Ukrainian or
    Russian place-name ending, a feature word in or after it ("Dolphin Island", "the Khimprom plant"),
    or a settlement noun around it ("the village of X", "X settlement"); and not if the article
    names a person by it ("Garvanko" after "Dmitry Garvanko")."""
    shapes = lexicons.toponym_shapes()
    name = m.ref.name
    if people.get(name.split()[-1].lower(), set()) - ({name} if name in by_context else set()):
        return False  # a surname; but a name set in a list of places or after "the villages of" is a
        # place even where the model tagged that very name a person ("Kamin Yar")
    around = [doc[i].lower_ for i in (m.start - 2, m.start - 1, m.stop) if 0 <= i < len(doc)]
    if shapes["feature"].search(name) or any(shapes["feature"].search(doc[i].lower_)
                                             for i in (m.stop - 1, m.stop) if m.start < i < len(doc)):
        return True
    if any(w.rstrip("s") in SETTLEMENT_NOUNS for w in around):
        return True
    return bool(shapes["ending"].search(name.split()[-1]))


ARGUMENT_PREPS = {"from", "toward", "towards", "near", "around", "into", "in", "on", "outside", "of", "to"}


def _operation_arguments(doc, raw: list) -> list:
    """A name where an operation's place stands is a place, whatever the model tagged it: the
    object or passive subject of an operation verb ("returned X under control", "X had been
    liberated") or the object of its preposition ("withdrew from X"). It still needs a place
    name's shape or a gazetteer entry (checked with the other names the gazetteer does not know)."""
    verbs = {lemma for lemma, pos in lexicons.triggers() if pos == "VERB"}
    covered = {i for span, _, stop, _ in raw for i in range(span.start, stop)}
    found = []
    for token in doc:
        if token.i in covered or token.pos_ != "PROPN" or not token.is_title or token.ent_type_ in NOT_NAMES:
            continue
        if token.dep_ in ("dobj", "nsubjpass"):
            verb = token.head
        elif token.dep_ == "nsubj" and token.head.dep_ == "conj" and token.head.lemma_ in ("have", "be", "do"):
            verb = token.head.head  # "X has been taken, and so has Y"
        elif token.dep_ == "pobj" and token.head.lower_ in ARGUMENT_PREPS:
            verb = token.head.head
        else:
            continue
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in verbs:
            continue
        start = token.i
        while start > token.i - 2 and start > 0 and doc[start - 1].dep_ == "compound" and \
                doc[start - 1].pos_ == "PROPN" and doc[start - 1].is_title and start - 1 not in covered:
            start -= 1
        span = doc[start:token.i + 1]
        found.append((span, span.text, token.i + 1, None))
        covered |= set(range(start, token.i + 1))
    return found


def _list_completion(doc, raw: list) -> list:
    """A name standing in a list of places is a place too, whatever the model tagged it ("the
    areas of A, B, C and D settlements", where C came out as a person): the capitalised words
    joined to a place by commas and "and", with a place name's shape or a gazetteer entry."""
    gaz = gazetteer.load()
    shapes = lexicons.toponym_shapes()
    links = {word for phrase in lexicons.list_words()["link"] for word in phrase}  # ",", "and", "as well as"
    covered = {i for span, _, stop, _ in raw for i in range(span.start, stop)}
    found = list(raw)
    queue = [(span.start, stop) for span, _, stop, _ in raw]
    while queue:
        start, stop = queue.pop()
        for forward in (True, False):
            i = stop if forward else start - 1
            linked = False
            while 0 <= i < len(doc) and doc[i].lower_ in links:
                i, linked = (i + 1, True) if forward else (i - 1, True)
            if not linked or not (0 <= i < len(doc)) or i in covered:
                continue
            end = i
            while 0 <= end < len(doc) and doc[end].is_title and doc[end].pos_ == "PROPN" and end not in covered:
                end = end + 1 if forward else end - 1
            lo, hi = (i, end) if forward else (end + 1, i + 1)
            if hi - lo not in (1, 2):
                continue
            span = doc[lo:hi]
            name = span.text
            if not (gaz.candidates(name) or shapes["ending"].search(span[-1].text)) or \
                    name.lower() in lexicons.side_words():
                continue
            found.append((span, name, hi, None))
            covered |= set(range(lo, hi))
            queue.append((lo, hi))
    return found


def _is_given_name(doc, ent) -> bool:
    """'Vladimir Putin', 'Sergei Shoigu': a one-word 'place' followed by a surname is a person."""
    if len(ent) != 1 or ent.end >= len(doc):
        return False
    nxt = doc[ent.end]
    return nxt.pos_ == "PROPN" and nxt.is_title and nxt.ent_type_ in ("", "PERSON") and \
        nxt.lower_ not in REGION_WORDS and not gazetteer.load().candidates(nxt.text)


def _every_occurrence(doc, raw: list) -> list:
    """A name the article uses as a place is a place wherever the article repeats it, even
    where the model did not tag it ("attacks on X" after "the settlement of X")."""
    covered = {i for span, _, stop, _ in raw for i in range(span.start, stop)}
    names = {tuple(name.split()) for span, name, stop, region in raw}
    longest = max((len(n) for n in names), default=0)
    extra = []
    for token in doc:
        if token.i in covered or not token.is_title:
            continue
        for size in range(min(longest, len(doc) - token.i), 0, -1):
            words = tuple(t.text for t in doc[token.i:token.i + size])
            if words in names and not any(i in covered for i in range(token.i, token.i + size)):
                extra.append((doc[token.i:token.i + size], " ".join(words), token.i + size, None))
                covered |= set(range(token.i, token.i + size))
                break
    return raw + extra


def _resolve(gaz: gazetteer.Gazetteer, name: str, region_word: str | None,
             regions: set[tuple[str, str]], sure: list[gazetteer.Place]) -> PlaceRef:
    if region_word:
        # "Kharkiv region" names the oblast of the city Kharkiv
        place, _ = gaz.choose(name)
        if place is not None and place.kind == "settlement":
            region = gaz.region(place.country, place.admin1)
            if region is not None and key(f"{name} region") not in {key(n) for n in (region.name, *region.alternates)}:
                # "the X district", "the X region" of a town no region is named after: the country
                # around the town, which reporting places at the town
                return _ref(name, place, ())
            if region is not None:
                return PlaceRef(name=f"{name} region", key=key(region.name),
                                geonames_id=region.geonames_id, kind="region", ident=region.ident,
                                gazetteer_name=region.name, entry=_entry(region))
        if place is not None:
            return _ref(name if place.kind != "region" else place.name, place, ())
        return PlaceRef(name=f"{name} {region_word}", key=key(f"{name} region"), kind="region")
    place, found = gaz.choose(name, regions, sure)
    if place is None:
        kind = "settlement" if found else "feature"
        known = tuple(p for p in found if p.geonames_id)
        return PlaceRef(name=name, key=key(name), kind=kind,
                        candidates=tuple(p.geonames_id for p in known), candidate_entries=known)
    return _ref(name, place, found)


def _ref(name: str, place: gazetteer.Place, found) -> PlaceRef:
    if place.kind == "area":
        name = place.name  # "the Donbas region", "Donbass": one area, one label
    others = tuple(p for p in found if p.geonames_id and p is not place)
    return PlaceRef(name=name, key=key(place.name), geonames_id=place.geonames_id,
                    kind=place.kind, candidates=tuple(p.geonames_id for p in others), ident=place.ident,
                    gazetteer_name=place.name, entry=_entry(place), candidate_entries=others)


def _entry(place: gazetteer.Place) -> gazetteer.Place | None:
    """The gazetteer's record of a place, as the graph states it: only a GeoNames place has one."""
    return place if place.geonames_id else None


def mention_at(mentions: list[Mention], token) -> Mention | None:
    for m in mentions:
        if m.start <= token.i < m.stop:
            return m
    return None


def focus_before(mentions: list[Mention], char: int) -> Mention | None:
    """The settlement an article is talking about at a point: the last one named before it."""
    best = None
    for m in mentions:
        if m.begin >= char:
            break
        if m.ref.kind in ("settlement", "feature"):
            best = m
    return best
