"""What citizens, journalists and staff do on the portal, done in a real browser."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from bench.serve import staff_code

from .support import read_csv_download, screenshot


def test_a_citizen_searches_without_tone_marks_and_opens_a_procedure(page, phone):
    page.goto("/vi/")
    page.get_by_role("searchbox").fill("dang ky khai sinh")
    page.get_by_role("searchbox").press("Enter")
    expect(page).to_have_url(re.compile(r"/vi/procedures\?q=dang\+ky\+khai\+sinh"))
    first = page.locator("main h3 a").first
    expect(first).to_contain_text("khai sinh", ignore_case=True)
    name = first.inner_text()
    screenshot(page, "catalogue-search-desktop")
    first.click()
    expect(page.locator("h1")).to_have_text(name)
    expect(page).to_have_title(re.compile(re.escape(name)))
    screenshot(page, "procedure-desktop")

    phone.goto("/vi/procedures?q=khai+sinh")
    expect(phone.locator("main h3 a").first).to_be_visible()
    screenshot(phone, "catalogue-search-phone")
    phone.goto("/vi/")
    screenshot(phone, "home-phone")


def test_the_catalogue_filters_narrow_the_results(page):
    page.goto("/en/procedures")
    total = page.locator("#results-heading").inner_text()
    page.get_by_text("Filter", exact=True).click()  # the filters fold behind a disclosure
    page.get_by_label("Level").select_option("commune")
    page.get_by_role("button", name=re.compile("Search|Filter|Apply")).last.click()
    expect(page).to_have_url(re.compile(r"level=commune"))
    assert page.locator("#results-heading").inner_text() != total


def test_a_citizen_looks_up_a_dossier_with_the_right_verifier(page, phone, site):
    dossier = site.sample("processing", "received", "supplement")
    page.goto("/vi/lookup")
    page.get_by_label("Mã hồ sơ").fill(dossier["code"])
    page.get_by_label("Số xác minh").fill(dossier["verifier"])
    page.get_by_role("button", name="Tra cứu").click()
    expect(page.locator("h1")).to_contain_text(dossier["code"])
    expect(page.locator(".status-name")).to_be_visible()
    screenshot(page, "lookup-result-desktop")

    phone.goto(f"/vi/lookup?code={dossier['code']}")
    expect(phone.get_by_label("Mã hồ sơ")).to_have_value(dossier["code"])
    phone.get_by_label("Số xác minh").fill(dossier["verifier"])
    phone.get_by_label("Số xác minh").press("Enter")
    expect(phone.locator("h1")).to_contain_text(dossier["code"])
    screenshot(phone, "lookup-result-phone")


def test_a_wrong_verifier_finds_nothing_and_says_so_without_telling_which(page, site):
    dossier = site.sample("resolved", "returned")
    wrong = "0000" if dossier["verifier"] != "0000" else "1111"
    page.goto("/en/lookup")
    page.get_by_label("Dossier code").fill(dossier["code"])
    page.get_by_label("Verification number").fill(wrong)
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        page.get_by_role("button", name="Look up").click()
    assert answer.value.status == 404
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("No dossier found")
    expect(page.locator("body")).not_to_contain_text(dossier["procedure_code"])
    assert page.get_by_label("Verification number").input_value() == ""

    page.get_by_label("Dossier code").fill("NO-SUCH-CODE-1")
    page.get_by_label("Verification number").fill(wrong)
    page.get_by_role("button", name="Look up").click()
    expect(page.get_by_role("alert")).to_have_text(alert.inner_text())
    page.problems.ignore("status of 404")  # the not-found answers, as expected


def test_a_journalist_reads_a_month_and_downloads_its_csv(page, phone, site):
    month = site.months[-1]
    page.goto("/en/stats")
    page.locator(f"a[href='/en/stats/{month}']").first.click()
    expect(page).to_have_url(re.compile(f"/en/stats/{month}$"))
    expect(page.locator("h1")).to_be_visible()
    screenshot(page, "stats-period-desktop")
    with page.expect_download() as download:
        page.locator(f"a[href^='/api/v1/stats/{month}.csv']").first.click()
    page.problems.ignore("ERR_ABORTED")  # how Chromium reports a link that downloads
    rows = read_csv_download(download.value)
    assert rows and {"code", "name_vi", "received_new", "resolved"} <= set(rows[0])
    assert all(row["period"] == month for row in rows)

    phone.goto(f"/vi/stats/{month}")
    screenshot(phone, "stats-period-phone")


def test_the_late_agencies_list_opens_from_the_navigation(page):
    page.goto("/vi/")
    page.get_by_role("navigation", name="Chính").get_by_role(
        "link", name=re.compile("trễ hạn", re.IGNORECASE)
    ).click()
    expect(page).to_have_url(re.compile(r"/vi/late-agencies"))
    expect(page.locator("h1")).to_be_visible()
    page.locator("table.late-table").first.scroll_into_view_if_needed()
    screenshot(page, "late-list-desktop")


def test_switching_language_keeps_the_page_and_its_search(page, site):
    code = site.procedures[0]["code"]
    page.goto(f"/vi/procedures/{code}")
    vi_heading = page.locator("h1").inner_text()
    page.get_by_role("navigation", name="Ngôn ngữ").get_by_role("link", name="English").click()
    expect(page).to_have_url(re.compile(f"/en/procedures/{re.escape(code)}$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert page.locator("h1").inner_text() != vi_heading or not site.procedures[0]["name_en"]

    page.goto("/en/procedures?q=khai+sinh&level=commune")
    page.get_by_role("link", name="Tiếng Việt").click()
    expect(page).to_have_url(re.compile(r"/vi/procedures\?.*q=khai\+sinh"))
    expect(page.get_by_role("searchbox")).to_have_value("khai sinh")


def test_staff_log_in_edit_a_procedure_and_publish_it(page, site):
    email, password = site.staff
    code = site.procedures[1]["code"]
    fee = "Lệ phí thử nghiệm: 12.345 đồng một hồ sơ"
    page.goto("/vi/staff/")
    expect(page).to_have_url(re.compile(r"/vi/staff/login"))
    page.get_by_label("Địa chỉ email").fill(email)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_label("Mã", exact=True).fill(staff_code(site.database_url))
    page.get_by_role("button", name="Tiếp tục").click()
    expect(page).to_have_url(re.compile(r"/vi/staff/$"))

    page.get_by_role("navigation", name="Khu vực cán bộ").get_by_role(
        "link", name="Thủ tục"
    ).click()
    page.get_by_role("searchbox").fill(code)
    page.get_by_role("searchbox").press("Enter")
    page.get_by_role("link", name=code, exact=True).click()
    page.get_by_role("link", name="Sửa", exact=True).click()
    page.get_by_label("Phí, lệ phí").fill(fee)
    page.get_by_role("button", name="Lưu bản nháp").click()
    expect(page.get_by_role("table")).to_contain_text(fee)

    public = page.context.new_page()
    public.goto(f"/vi/procedures/{code}")
    expect(public.locator("main")).not_to_contain_text(fee)  # a draft is not public

    page.get_by_role("button", name="Công bố", exact=True).click()
    expect(page.locator("main")).to_contain_text("Đã công bố")
    screenshot(page, "staff-procedure-desktop")
    public.reload()
    expect(public.locator("main")).to_contain_text(fee)
    public.close()
