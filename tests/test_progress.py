"""Progress bars: only on request, or for many items on a terminal; never in tests."""

from helpers.base.progress import progress_iter, show_progress


def test_forced_choice_wins() -> None:
    assert show_progress(1, 100, True) is True
    assert show_progress(10**6, 100, False) is False


def test_auto_is_off_when_stderr_is_not_a_terminal(capsys) -> None:
    # under pytest stderr is captured, not a terminal: auto never shows a bar
    assert show_progress(10**6, 100, None) is False


def test_disabled_returns_the_iterable_unchanged() -> None:
    items = [1, 2, 3]
    assert progress_iter(items, 3, "x", False) is items


def test_enabled_yields_every_item(capsys) -> None:
    assert list(progress_iter(iter([1, 2, 3]), 3, "counting", True)) == [1, 2, 3]
    assert "counting" in capsys.readouterr().err
