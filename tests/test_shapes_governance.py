"""The governance rules that the documents state, each against the conforming world.

KD-Net's evaluation 2018-2021: "formanden for grupperne er altid kommunaldirektør.
Næstformanden kan være direktør"; "DASSOS' formand er kommunaldirektør og er udpeget af
KD-Net"; "Formanden for KOSU er kommunaldirektør"; KD-Net is the network of the municipal
directors of the 19 municipalities of Region Midtjylland; the stated compositions of
Trafikstyregruppen (8 + 1 + 1 + 1) and Uddannelsesstyregruppen (10 members).
"""

from __future__ import annotations

from test_shapes import BODY, MANDATE, MEETING, PERSON, V, W, assert_rule, found, validate

# A chair of Uddannelsesstyregruppen (under KD-Net) held by Carl Clausen, with dates.
CHAIR = ("mandate:carl--chair a kg:Mandate ; kg:holder person:carl-clausen ; kg:role kg:Chair ;"
         " kg:body body:uddannelsesstyregruppen ; kg:startDate \"2020-01-01\"^^xsd:date ;"
         " kg:endDate \"2021-12-31\"^^xsd:date . ")


def directorship(start: str | None = None, end: str | None = None,
                 role: str = "kg:MunicipalDirector", body: str = "municipality:0751") -> str:
    """Carl Clausen's directorship, with the given dates."""
    dates = "".join(f' ; kg:{name} "{value}"^^xsd:date'
                    for name, value in (("startDate", start), ("endDate", end)) if value)
    return (f"mandate:carl--director a kg:Mandate ; kg:holder person:carl-clausen ;"
            f" kg:role {role} ; kg:body {body}{dates} . ")


# --- chair-is-municipal-director ---------------------------------------------------------


def test_chair_is_municipal_director__chair_without_directorship_warns() -> None:
    findings = assert_rule(CHAIR + directorship(), CHAIR,
                           "chair-is-municipal-director", W, MANDATE["carl--chair"])
    assert findings[0].value == PERSON["carl-clausen"]
    assert findings[0].message_da.startswith(
        "Carl Clausen er formand for Uddannelsesstyregruppen, men er ikke registreret som "
        "kommunaldirektør i samme periode.")
    assert "altid kommunaldirektør" in findings[0].message_da
    assert findings[0].message_en.startswith("Carl Clausen chairs Uddannelsesstyregruppen")


def test_chair_is_municipal_director__holder_with_two_names_is_reported_once() -> None:
    report = validate(CHAIR + 'person:carl-clausen foaf:name "Carl Claussen" .')
    assert found(report) == [("chair-is-municipal-director", MANDATE["carl--chair"], W),
                             ("person-name", PERSON["carl-clausen"], V)]
    assert report.findings[1].message_da.startswith("Carl Clausen er formand")


def test_chair_is_municipal_director__directorship_ended_before_chairmanship_warns() -> None:
    assert_rule(CHAIR + directorship(end="2020-01-01"),
                CHAIR + directorship(end="2019-12-31"),
                "chair-is-municipal-director", W, MANDATE["carl--chair"])


def test_chair_is_municipal_director__directorship_begun_after_chairmanship_warns() -> None:
    assert_rule(CHAIR + directorship(start="2021-12-31"),
                CHAIR + directorship(start="2022-01-01"),
                "chair-is-municipal-director", W, MANDATE["carl--chair"])


def test_chair_is_municipal_director__missing_dates_are_open() -> None:
    undated_chair = CHAIR.split(" ; kg:startDate")[0] + " . "
    assert found(validate(undated_chair + directorship(start="2030-01-01"))) == []
    assert found(validate(undated_chair + directorship(end="1990-01-01"))) == []
    assert found(validate(CHAIR + directorship())) == []


def test_chair_is_municipal_director__a_director_but_not_municipal_director_warns() -> None:
    assert_rule(CHAIR + directorship(), CHAIR + directorship(role="kg:Director"),
                "chair-is-municipal-director", W, MANDATE["carl--chair"])


def test_chair_is_municipal_director__applies_to_groups_of_groups_under_kd_net() -> None:
    subgroup = ('body:baggrundsgruppen a kg:Body ; skos:prefLabel "Baggrundsgruppen"@da ;'
                " org:subOrganizationOf body:trafikstyregruppen . ")
    chair = CHAIR.replace("body:uddannelsesstyregruppen", "body:baggrundsgruppen")
    assert_rule(subgroup + chair + directorship(), subgroup + chair,
                "chair-is-municipal-director", W, MANDATE["carl--chair"])


def test_chair_is_municipal_director__groups_not_under_kd_net_are_not_concerned() -> None:
    outside = ('body:klimastyregruppen a kg:Body ; skos:prefLabel "Klimastyregruppen"@da ;'
               " org:subOrganizationOf body:kkr-midtjylland . ")
    assert found(validate(outside + CHAIR.replace("body:uddannelsesstyregruppen",
                                                  "body:klimastyregruppen"))) == []
    assert found(validate(CHAIR.replace("body:uddannelsesstyregruppen", "body:kd-net"))) == []


# --- vice-chair-is-director --------------------------------------------------------------

VICE_CHAIR = CHAIR.replace("carl--chair", "carl--vice-chair").replace("kg:Chair", "kg:ViceChair")


def test_vice_chair_is_director__vice_chair_without_directorship_warns() -> None:
    findings = assert_rule(VICE_CHAIR + directorship(role="kg:Director"), VICE_CHAIR,
                           "vice-chair-is-director", W, MANDATE["carl--vice-chair"])
    assert "Næstformanden kan være direktør" in findings[0].message_da


def test_vice_chair_is_director__municipal_director_will_do() -> None:
    assert found(validate(VICE_CHAIR + directorship())) == []


def test_vice_chair_is_director__directorship_ended_before_vice_chairmanship_warns() -> None:
    assert_rule(VICE_CHAIR + directorship(role="kg:Director", end="2020-06-30"),
                VICE_CHAIR + directorship(role="kg:Director", end="2019-06-30"),
                "vice-chair-is-director", W, MANDATE["carl--vice-chair"])


# --- dassos-kosu-chair-is-municipal-director ---------------------------------------------


def test_dassos_kosu_chair_is_municipal_director__kosu_chair_without_directorship_warns() -> None:
    kosu_chair = CHAIR.replace("body:uddannelsesstyregruppen", "body:kosu")
    findings = assert_rule(kosu_chair + directorship(), kosu_chair,
                           "dassos-kosu-chair-is-municipal-director", W, MANDATE["carl--chair"])
    assert findings[0].message_da.startswith("Carl Clausen er formand for KOSU")


def test_dassos_kosu_chair_is_municipal_director__dassos_chair_breaks_both_chair_rules() -> None:
    """DASSOS is a group under KD-Net, so its chair is also a chair of a KD-Net group."""
    dassos_chair = (CHAIR.replace("body:uddannelsesstyregruppen", "body:dassos")
                    + "mandate:carl--chair kg:establishedBy decision:kd-net--2020-05-29--12 . ")
    assert found(validate(dassos_chair + directorship())) == []
    assert found(validate(dassos_chair)) == [
        ("chair-is-municipal-director", MANDATE["carl--chair"], W),
        ("dassos-kosu-chair-is-municipal-director", MANDATE["carl--chair"], W),
    ]


# --- dassos-chair-appointed-by-kd-net ----------------------------------------------------

DASSOS_CHAIR = (CHAIR.replace("body:uddannelsesstyregruppen", "body:dassos")
                + directorship())


def test_dassos_chair_appointed_by_kd_net__chair_without_appointing_decision_warns() -> None:
    findings = assert_rule(
        DASSOS_CHAIR + "mandate:carl--chair kg:establishedBy decision:kd-net--2020-05-29--12 .",
        DASSOS_CHAIR,
        "dassos-chair-appointed-by-kd-net", W, MANDATE["carl--chair"])
    assert "udpeges af KD-Net" in findings[0].message_da


def test_dassos_chair_appointed_by_kd_net__appointed_by_another_body_warns() -> None:
    kkr_meeting = ('meeting:kkr--2020-11-13 a kg:Meeting ; kg:heldBy body:kkr-midtjylland ;'
                   ' kg:date "2020-11-13"^^xsd:date ; kg:hasAgendaItem item:kkr--2020-11-13--4 .'
                   ' item:kkr--2020-11-13--4 a kg:AgendaItem ; kg:number "4" ;'
                   ' kg:decision decision:kkr--2020-11-13--4 .'
                   ' decision:kkr--2020-11-13--4 a kg:Decision ; kg:outcome kg:Appointed . ')
    assert_rule(
        DASSOS_CHAIR + "mandate:carl--chair kg:establishedBy decision:kd-net--2020-05-29--12 .",
        kkr_meeting + DASSOS_CHAIR
        + "mandate:carl--chair kg:establishedBy decision:kkr--2020-11-13--4 .",
        "dassos-chair-appointed-by-kd-net", W, MANDATE["carl--chair"])


# --- kd-net-member-is-municipal-director -------------------------------------------------

# Appointed, so that the substitute rule (Carl Clausen substituted at KD-Net) stays out of it.
MEMBER = ("mandate:carl--member--kd-net a kg:Mandate ; kg:holder person:carl-clausen ;"
          " kg:role kg:Member ; kg:body body:kd-net ; kg:startDate \"2020-01-01\"^^xsd:date ;"
          " kg:establishedBy decision:kd-net--2020-05-29--12 . ")


def test_kd_net_member_is_municipal_director__member_without_directorship_warns() -> None:
    findings = assert_rule(MEMBER + directorship(), MEMBER,
                           "kd-net-member-is-municipal-director", W,
                           MANDATE["carl--member--kd-net"])
    assert "19 kommuner i Region Midtjylland" in findings[0].message_da


def test_kd_net_member_is_municipal_director__director_outside_region_midtjylland_warns() -> None:
    assert_rule(MEMBER + directorship(), MEMBER + directorship(body="municipality:0101"),
                "kd-net-member-is-municipal-director", W, MANDATE["carl--member--kd-net"])


def test_kd_net_member_is_municipal_director__directorship_of_no_municipality_warns() -> None:
    assert_rule(MEMBER + directorship(), MEMBER + directorship(body="body:kkr-midtjylland"),
                "kd-net-member-is-municipal-director", W, MANDATE["carl--member--kd-net"])


def test_kd_net_member_is_municipal_director__former_director_warns() -> None:
    assert_rule(MEMBER + directorship(start="2010-01-01", end="2020-01-01"),
                MEMBER + directorship(start="2010-01-01", end="2019-12-31"),
                "kd-net-member-is-municipal-director", W, MANDATE["carl--member--kd-net"])


# --- substitute-is-not-member ------------------------------------------------------------

# Carl Clausen attended the world's KD-Net meeting as Dorte Dahl's substitute (document d1).
FROM_SUBSTITUTION = ("mandate:carl--member--kd-net a kg:Mandate ; kg:holder person:carl-clausen ;"
                     " kg:role kg:Member ; kg:body body:kd-net . ")


def test_substitute_is_not_member__member_mandate_made_from_a_substitution_warns() -> None:
    report = validate(FROM_SUBSTITUTION + directorship())
    assert found(report) == [("substitute-is-not-member", MANDATE["carl--member--kd-net"], W)]
    finding = report.findings[0]
    assert finding.message_da.startswith("Carl Clausen er registreret som medlem af KD-Net, men "
                                         "dokumenterne viser kun, at vedkommende deltog i et møde "
                                         "som stedfortræder.")
    assert found(validate(FROM_SUBSTITUTION)) == [
        ("kd-net-member-is-municipal-director", MANDATE["carl--member--kd-net"], W),
        ("substitute-is-not-member", MANDATE["carl--member--kd-net"], W),
    ]


def test_substitute_is_not_member__member_stated_by_another_document_conforms() -> None:
    other_document = ('doc:d2 a kg:SourceDocument ; kg:sha256 "' + "ef" * 32 + '" ;'
                      ' kg:content "KD-Net består af ..." . ')
    assert_rule(other_document + FROM_SUBSTITUTION + directorship()
                + "mandate:carl--member--kd-net prov:wasDerivedFrom doc:d1 , doc:d2 .",
                FROM_SUBSTITUTION + directorship(),
                "substitute-is-not-member", W, MANDATE["carl--member--kd-net"])


def test_substitute_is_not_member__appointed_member_conforms() -> None:
    assert_rule(FROM_SUBSTITUTION + directorship()
                + "mandate:carl--member--kd-net kg:establishedBy decision:kd-net--2020-05-29--12 .",
                FROM_SUBSTITUTION + directorship(),
                "substitute-is-not-member", W, MANDATE["carl--member--kd-net"])


def test_substitute_is_not_member__substitute_of_another_body_is_not_concerned() -> None:
    member_of_kkr = FROM_SUBSTITUTION.replace("body:kd-net", "body:kkr-midtjylland")
    assert found(validate(member_of_kkr)) == []


# --- stated-member-count -----------------------------------------------------------------


def members(body: str, count: int, extra: str = "", first: int = 0) -> str:
    """``count`` persons, each with a Member mandate of ``body`` (plus ``extra`` on the mandate)."""
    return "".join(
        f'person:m{i} a kg:Person ; foaf:name "Medlem {i}" . '
        f"mandate:m{i}--member--{body} a kg:Mandate ; kg:holder person:m{i} ; kg:role kg:Member ;"
        f" kg:body body:{body} {extra}. "
        for i in range(first, first + count))


def test_stated_member_count__eleven_members_of_uddannelsesstyregruppen_warns() -> None:
    # The world has Bo Berg as a member already: nine more make ten, ten more make eleven.
    findings = assert_rule(members("uddannelsesstyregruppen", 9),
                           members("uddannelsesstyregruppen", 10),
                           "stated-member-count", W, BODY.uddannelsesstyregruppen)
    assert findings[0].message_da == ("Uddannelsesstyregruppen har 11 nuværende medlemmer, men "
                                      "dokumenterne siger, at gruppen består af 10.")
    assert findings[0].message_en == ("Uddannelsesstyregruppen has 11 current members, but the "
                                      "documents say it has 10.")


def test_stated_member_count__trafikstyregruppen_of_eight_plus_three_representatives() -> None:
    """8 municipal representatives, 1 each from the KKR secretariat, the region, Midttrafik."""
    others = ('body:kkr-sekretariatet a kg:Body ; skos:prefLabel "KKR sekretariatet"@da . '
              'body:region-midtjylland a kg:Body ; skos:prefLabel "Region Midtjylland"@da . '
              'body:midttrafik a kg:Body ; skos:prefLabel "Midttrafik"@da . ')
    def representing(body: str, count: int, first: int) -> str:
        return members("trafikstyregruppen", count, f"; kg:representing {body} ", first)

    composition = (others + representing("municipality:0751", 8, 0)
                   + representing("body:kkr-sekretariatet", 1, 8)
                   + representing("body:region-midtjylland", 1, 9)
                   + representing("body:midttrafik", 1, 10))
    assert_rule(composition, composition + representing("municipality:0751", 1, 11),
                "stated-member-count", W, BODY.trafikstyregruppen)


def test_stated_member_count__ended_and_future_mandates_are_not_current() -> None:
    past = members("uddannelsesstyregruppen", 5, '; kg:endDate "2019-12-31"^^xsd:date ')
    future = members("uddannelsesstyregruppen", 5, '; kg:startDate "2999-01-01"^^xsd:date ', 5)
    current = members("uddannelsesstyregruppen", 9, '; kg:startDate "2020-01-01"^^xsd:date ', 10)
    assert_rule(past + future + current,
                past + future + current + members("uddannelsesstyregruppen", 1, "", 19),
                "stated-member-count", W, BODY.uddannelsesstyregruppen)


def test_stated_member_count__one_person_with_two_member_mandates_counts_once() -> None:
    twice = (members("uddannelsesstyregruppen", 9)
             + "mandate:bo-berg--member--uddannelsesstyregruppen--2020 a kg:Mandate ;"
               " kg:holder person:bo-berg ; kg:role kg:Member ;"
               " kg:body body:uddannelsesstyregruppen . ")
    assert found(validate(twice)) == []


# --- structure: what must hold whatever the documents say ---------------------------------


def test_one_meeting_per_body_and_date__twin_held_by_two_bodies_breaks_both_rules() -> None:
    report = validate("meeting:x a kg:Meeting ; kg:heldBy body:kd-net , body:kosu ;"
                      ' kg:date "2020-05-29"^^xsd:date .')
    assert found(report) == sorted([
        ("meeting-held-by-one-body", MEETING.x, V),
        ("one-meeting-per-body-and-date", MEETING.x, V),
        ("one-meeting-per-body-and-date", MEETING["kd-net--2020-05-29"], V),
    ])
