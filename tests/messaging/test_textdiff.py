"""The diff of the appendices' TEXT: known before and after, not the HTML source."""

from projects.textdiff import ADDED, REMOVED, SAME, has_changes, html_diff, html_to_text, text_diff


def test_html_is_stripped_to_its_visible_text():
    markup = "<h2>Doel</h2><p>Een <strong>vet</strong> &amp; <a href='https://x.nl'>link</a></p>"
    assert html_to_text(markup) == "Doel\nEen vet & link"
    assert html_to_text("<ul><li>een</li><li>twee</li></ul><p>&nbsp;</p>") == "een\ntwee"


def test_words_removed_and_added_in_their_place():
    pieces = text_diff("De kat zit op de mat.", "De hond zit op de mat, lekker.")
    assert pieces == [
        (SAME, "De "),
        (REMOVED, "kat "),
        (ADDED, "hond "),
        (SAME, "zit op de "),
        (REMOVED, "mat."),
        (ADDED, "mat, lekker."),
    ]


def test_markup_only_changes_are_no_changes():
    before = "<p>Wij gebruiken <em>SPOLIS</em> van 2023.</p>"
    after = "<p>Wij gebruiken <strong>SPOLIS</strong> van 2023.</p>"
    assert not has_changes(html_diff(before, after))


def test_the_joined_pieces_give_back_both_texts():
    old = "Eerste zin. Tweede zin met meer woorden.\nDerde regel."
    new = "Eerste zin. Tweede zin met andere woorden.\nVierde regel erbij."
    pieces = text_diff(old, new)
    assert "".join(t for op, t in pieces if op != ADDED) == old
    assert "".join(t for op, t in pieces if op != REMOVED) == new


def test_everything_is_new_against_nothing():
    assert html_diff("", "<p>Nieuw</p>") == [(ADDED, "Nieuw")]
