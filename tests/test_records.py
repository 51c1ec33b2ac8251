from pipeline.records import (
    Extracted,
    Fact,
    Facts,
    Page,
    Paragraph,
    Question,
    Segmented,
    Table,
    Themed,
    ThemeTag,
    dumps,
    from_json,
    to_json,
)


def test_records_round_trip_through_json():
    extracted = Extracted("pdf", [Page(1, "tekst", needs_ocr=False)], [Table(1, ["a", "b"], [["1", "2"]])], ["w"])
    segmented = Segmented([Paragraph(0, "p", 1)], "motie", None, "2024", "T", ["item"],
                          [Question("1", "q?", None, 2)], {"doc_type": "why"})
    themed = Themed([[ThemeTag("preventie", 0.5, ["preventie"])]], ["preventie"])
    found = Facts([Fact("percentage", 13.0, "%", "13%", "s", 1, 0, 0, 3, ["preventie"])])
    for record in (extracted, segmented, themed, found):
        assert from_json(type(record), to_json(record)) == record


def test_dumps_is_canonical():
    assert dumps(Paragraph(0, "é", 1)) == '{"index":0,"page":1,"text":"é"}'
