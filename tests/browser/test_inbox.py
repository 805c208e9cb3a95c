"""A member reports a comment; the manager sees the count on the dashboard, decides in
the inbox with a reason, and the comment is gone for others. Three members'
reports hide a post before any manager acts."""

import pytest

from feed import services
from feed.models import Notification
from tests.browser.conftest import login
from tests.factories import CommentFactory, PostFactory, make_member
from tests.factories.accounts import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def test_report_decide_in_inbox_and_threshold_hiding(live_server, new_page, home_page):
    author, reporter, reader = (
        make_member("external"),
        make_member("external", first_name="Rik", last_name="Reporter"),
        make_member("external"),
    )
    manager = make_member("manager")
    post = PostFactory(audience="community", body="<p>About the garden</p>")
    comment = CommentFactory(post=post, author=author, body="<p>You are all idiots</p>")
    url = f"{live_server.url}{post.get_absolute_url()}"

    # 1. A member reports the comment through its small "Report" action.
    member = new_page()
    login(member, live_server.url, reporter.email, PASSWORD)
    member.goto(url)
    item = member.locator(f"#comment-{comment.pk}")
    item.locator("summary", has_text="Report").click()
    item.get_by_label("What is wrong with this comment?").fill("Insults everyone")
    item.get_by_role("button", name="Send report").click()
    member.wait_for_load_state()
    assert member.get_by_text("A community manager will take a look").is_visible()

    # 2. The manager sees the count on the dashboard and decides in the inbox.
    boss = new_page()
    login(boss, live_server.url, manager.email, PASSWORD)
    boss.goto(f"{live_server.url}/admin/")
    panel = boss.locator("[data-inbox-panel]")
    assert "1 item waits for a decision" in panel.inner_text()
    panel.get_by_role("link", name="Open the inbox").click()
    entry = boss.locator(f"[data-inbox-item='comment_report:{comment.pk}']")
    assert "You are all idiots" in entry.locator("[data-inbox-preview]").inner_text()
    assert "Rik Reporter" in entry.locator("[data-inbox-reporters]").inner_text()
    entry.get_by_label("Reason").fill("Please keep it kind")
    entry.get_by_role("button", name="Hide").click()
    boss.wait_for_load_state()
    assert boss.get_by_text("It is recorded in the audit log").is_visible()
    audit = boss.locator("[data-audit-log]").inner_text()
    assert "Please keep it kind" in audit and "Hide" in audit
    assert "Please keep it kind" in Notification.objects.get(recipient=author).text

    # 3. The comment is gone for others.
    other = new_page()
    login(other, live_server.url, reader.email, PASSWORD)
    other.goto(url)
    assert other.get_by_text("About the garden").first.is_visible()
    assert other.get_by_text("You are all idiots").count() == 0

    # 4. Threshold: the third member's report hides the post before anyone acts.
    target = PostFactory(audience="community", body="<p>Cheap watches here</p>")
    for _ in range(2):
        services.report_create(
            reporter=make_member("external"), post=target, reason="Spam"
        )
    member.goto(f"{live_server.url}{target.get_absolute_url()}")
    member.locator("summary", has_text="Report this post").click()
    member.get_by_label("What is wrong with it?").fill("Spam")
    member.get_by_role("button", name="Send report").click()
    member.wait_for_load_state()
    response = other.goto(f"{live_server.url}{target.get_absolute_url()}")
    assert response.status == 404
    boss.goto(f"{live_server.url}/admin/inbox/?kind=post_report")
    hidden = boss.locator(f"[data-inbox-item='post_report:{target.pk}']")
    assert "Hidden until reviewed" in hidden.inner_text()
    assert "Cheap watches here" in hidden.inner_text()
