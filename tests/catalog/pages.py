"""What a person does on a catalogue page, shared by the catalogue's browser tests."""

from __future__ import annotations


def open_catalogue(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("[data-gh-catalogue][data-ready]")


def count_of(page, facet: str, value: str) -> str:
    return page.locator(f'input[name="{facet}"][value="{value}"] ~ [data-count]').inner_text()


def box(page, facet: str, value: str):
    return page.locator(f'input[name="{facet}"][value="{value}"]')


def titles(page) -> list[str]:
    """The titles of the cards shown, once the filter has drawn them (cards wait for the
    catalogue's titles file when a filter is used before it has loaded)."""
    page.wait_for_selector("[data-gh-results]:not([aria-busy])", state="attached")
    return page.locator("[data-gh-results] .gh-card__title a").all_inner_texts()


#: Each card as a comparable tree: [tag, {attribute: value}, [children]] or text. The
#: browser's bookkeeping (data-index, data-filled) is left out, links are compared by the
#: address they lead to ("kotlin-basics/" and "../courses/kotlin-basics/" on /courses/), and
#: a <time>'s datetime by the instant it names (the server writes the session's offset, the
#: browser UTC).
CARD_TREE = """(article) => {
    const tree = (node) => node.nodeType !== Node.ELEMENT_NODE ? node.textContent : [
        node.localName,
        Object.fromEntries([...node.attributes]
            .filter((a) => a.name !== "data-index" && a.name !== "data-filled")
            .map((a) => [a.name, a.name === "datetime" ? Date.parse(a.value)
                : a.name === "href" && a.value ? new URL(a.value, location.href).href : a.value])),
        [...node.childNodes].map(tree),
    ];
    return tree(article);
}"""


def server_cards(page) -> dict[str, object]:
    """The cards of the page's HTML as the server sent it (fetched again and parsed inertly,
    so no script has touched them), by item id."""
    return page.evaluate(
        f"""async () => {{
            const html = await (await fetch(location.href)).text();
            const doc = new DOMParser().parseFromString(html, "text/html");
            const tree = {CARD_TREE};
            return Object.fromEntries([...doc.querySelectorAll("[data-gh-results] article")]
                .map((article) => [article.dataset.id, tree(article)]));
        }}"""
    )


def drawn_cards(page) -> dict[str, object]:
    """The cards on screen, by item id, once the browser has drawn and filled all of them."""
    page.wait_for_selector("[data-gh-results]:not([aria-busy])", state="attached")
    page.wait_for_function(
        "[...document.querySelectorAll('[data-gh-results] article')].every((a) => a.dataset.filled)"
    )
    return shown_cards(page)


def shown_cards(page) -> dict[str, object]:
    """The cards on screen now, by item id."""
    return page.evaluate(
        f"""() => {{
            const tree = {CARD_TREE};
            return Object.fromEntries([...document.querySelectorAll("[data-gh-results] article")]
                .map((article) => [article.dataset.id, tree(article)]));
        }}"""
    )
