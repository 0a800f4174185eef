"""The participatory journey in a real browser: an NGO member picks a passage by keyboard
and comments (and tries the selection button with a mouse selection); the planner answers
"partly accepted" with a link to where it was applied; the member sees the answer and the
notification. XSS payloads typed into the form are shown as text and never run.

Every page visited is scanned with axe-core (WCAG 2 A/AA)."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from playwright.sync_api import expect

from participation.models import Comment, Notification, OfficialResponse
from tests.participation.comment_helpers import setup_consultation

pytestmark = pytest.mark.browser


def logout(page):
    page.locator("form[action$='/keluar/'] button").click()
    page.wait_for_load_state()


def test_member_comments_by_keyboard_planner_answers(
    page, login_as, assert_accessible, plan, planner
):
    cache.clear()
    consultation, section, org, member = setup_consultation(plan, planner)
    url = reverse("participation:comments", args=[consultation.public_id])

    login_as(page, member)
    page.goto(url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Rancangan dan komentar")
    assert_accessible(page)

    # Mouse/touch path: select text in the section, press the button: the form is filled.
    page.evaluate(
        """(id) => {
          const body = document.querySelector(`.comment-section-body[data-section-id="${id}"]`);
          const text = body.querySelector("p").firstChild;
          const start = text.data.indexOf("stunting");
          const range = document.createRange();
          range.setStart(text, start);
          range.setEnd(text, start + "stunting masih tinggi".length);
          const sel = window.getSelection();
          sel.removeAllRanges();
          sel.addRange(range);
        }""",
        section.pk,
    )
    page.get_by_role("button", name="Komentari bagian terpilih (1.1)").click()
    quote = page.get_by_label("Kutipan bagian teks yang dikomentari")
    expect(quote).to_have_value("stunting masih tinggi")
    expect(page.locator("#comment-live")).to_contain_text("stunting masih tinggi")
    expect(page.get_by_label("Komentar Anda")).to_be_focused()

    # Keyboard path: the sentence picker, then type the comment and send with Enter.
    quote.fill("")
    picker = page.get_by_label("Pilih kalimat (dengan papan ketik atau tetikus)")
    picker.focus()
    page.keyboard.press("ArrowDown")  # first sentence of 1.1
    page.keyboard.press("ArrowDown")  # second sentence
    expect(quote).to_have_value("Pelayanan posyandu perlu diperkuat dengan kader terlatih.")
    expect(page.locator("#comment-live")).to_contain_text("Pelayanan posyandu")
    # Shorten the quote by keyboard.
    quote.focus()
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type("posyandu perlu diperkuat")
    page.get_by_label("Komentar Anda").focus()
    page.keyboard.type("Mohon target jumlah kader per desa. <img src=x onerror=alert(1)>")
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.get_by_role("button", name="Kirim komentar").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    comment = Comment.objects.get()
    assert comment.quote == "posyandu perlu diperkuat" and comment.organisation == org
    expect(page.locator(f"#komentar-{comment.pk}")).to_contain_text("Mohon target jumlah kader")
    expect(page.locator("mark.comment-mark")).to_have_text("posyandu perlu diperkuat")
    assert_accessible(page)
    logout(page)

    # The planner answers "partly accepted" with a link to the section in the version.
    login_as(page, planner)
    page.goto(reverse("participation:comment_response", args=[consultation.public_id, comment.pk]))
    assert_accessible(page)
    page.get_by_label("Diterima sebagian").check()
    page.get_by_label("Alasan", exact=True).fill("Target kader ditambahkan mulai 2027.")
    page.get_by_label("Diterapkan pada versi").select_option(str(consultation.version.number))
    page.get_by_label("Subbab tempat diterapkan").select_option(str(section.pk))
    with page.expect_navigation():
        page.get_by_role("button", name="Simpan tanggapan").click()
    assert OfficialResponse.objects.get(comment=comment).kind == "partly"
    logout(page)

    # The member sees the answer on the page and the notification.
    login_as(page, member)
    page.goto(url)
    answer = page.locator(f"#komentar-{comment.pk} .official-response")
    expect(answer).to_contain_text("Diterima sebagian")
    expect(answer).to_contain_text("Target kader ditambahkan mulai 2027.")
    expect(answer.get_by_role("link")).to_contain_text("1.1")
    assert Notification.objects.filter(user=member, kind="comment_response").exists()
    page.goto(reverse("participation:notifications"))
    expect(page.locator("main")).to_contain_text("Diterima sebagian")
    assert_accessible(page)
    page.goto(reverse("participation:response_matrix", args=[consultation.public_id]))
    expect(page.locator("table")).to_contain_text("Mohon target jumlah kader")
    assert_accessible(page)
    assert dialogs == []


PAYLOADS = [
    "<script>alert('xss-1')</script>",
    "<img src=x onerror=alert('xss-2')>",
    "<svg onload=alert('xss-3')>",
    "\"><script>alert('xss-4')</script>",
    "&lt;script&gt;alert('xss-5')&lt;/script&gt;",
]


def test_xss_payloads_never_run_in_the_browser(page, login_as, plan, planner, settings):
    settings.RENSTRA_COMMENT_RATE = (1000, 600)
    cache.clear()
    consultation, section, _org, member = setup_consultation(plan, planner)
    url = reverse("participation:comments", args=[consultation.public_id])
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    login_as(page, member)
    for i, payload in enumerate(PAYLOADS):
        page.goto(url)
        page.get_by_label("Bagian teks subbab").check()
        page.get_by_label("Subbab", exact=True).select_option(str(section.pk))
        page.get_by_label("Kutipan bagian teks yang dikomentari").fill(f"posyandu{payload}")
        page.get_by_label("Komentar Anda").fill(f"Isi {i} {payload} 1 < 2 & 3 > 2")
        with page.expect_navigation():
            page.get_by_role("button", name="Kirim komentar").click()
        if "/kirim/" in page.url:
            # The quote with the payload's leftover text is not in the section: refused,
            # with the typed text kept (as text) in the form.
            expect(page.get_by_label("Komentar Anda")).to_have_value(
                f"Isi {i} {payload} 1 < 2 & 3 > 2"
            )
            continue
        comment = Comment.objects.latest("pk")
        reply = page.locator(f"#balas-{comment.pk}-body")
        page.locator("details.reply", has=reply).locator("summary").click()
        reply.fill(f"Balasan {payload}")
        with page.expect_navigation():
            page.get_by_role("button", name="Kirim balasan").first.click()
    page.goto(url)
    main = page.locator("main")
    expect(main).to_contain_text("1 < 2 & 3 > 2")
    assert page.locator("main img, main svg, main iframe").count() == 0
    assert page.locator("main script").count() == 0
    page.goto(reverse("participation:response_matrix", args=[consultation.public_id]))
    assert page.locator("main script, main img").count() == 0
    assert dialogs == []
