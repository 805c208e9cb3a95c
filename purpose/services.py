"""Writes for co-creation and the Purpose Index: validation first, then the write."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _

from home.models import PurposePage
from intranet.html import clean_text
from intranet.language import content_language
from intranet.ratelimit import rate_limit_check
from intranet.strict_input import parse_id

from .models import (
    COMMENT_MAX,
    OPEN_ANSWER_MAX,
    PROPOSAL_REASONING_MAX,
    PROPOSAL_TEXT_MAX,
    Proposal,
    ProposalComment,
    ProposalSupport,
    PurposeIndexAnswer,
    PurposeIndexResponse,
    PurposeIndexRound,
)


def _require_member(user) -> None:
    if not getattr(user, "is_authenticated", False):
        raise ValidationError(_("Sign in first."))


def _clean_text(value: str, *, field: str, limit: int, label: str) -> str:
    text = clean_text(value or "")
    if not text:
        raise ValidationError(
            {field: _("%(label)s cannot be empty.") % {"label": label}}
        )
    if len(text) > limit:
        raise ValidationError(
            {
                field: _("%(label)s is too long: at most %(limit)s characters.")
                % {"label": label, "limit": limit}
            }
        )
    return text


def proposal_create(
    *,
    author,
    target: str,
    text: str,
    reasoning: str,
    promise=None,
    language: str = "",
) -> Proposal:
    _require_member(author)
    if target not in Proposal.Target.values:
        raise ValidationError({"target": _("Choose what the proposal changes.")})
    if target == Proposal.Target.PROMISE and promise is None:
        raise ValidationError({"promise": _("Choose the promise to change.")})
    clean_text = _clean_text(
        text, field="text", limit=PROPOSAL_TEXT_MAX, label=_("The proposed text")
    )
    clean_reasoning = _clean_text(
        reasoning,
        field="reasoning",
        limit=PROPOSAL_REASONING_MAX,
        label=_("The reasoning"),
    )
    rate_limit_check(user=author, action="proposal")
    return Proposal.objects.create(
        author=author,
        target=target,
        promise=promise if target == Proposal.Target.PROMISE else None,
        text=clean_text,
        reasoning=clean_reasoning,
        language=content_language(language),
    )


def proposal_comment_create(
    *, author, proposal: Proposal, body: str
) -> ProposalComment:
    _require_member(author)
    clean = _clean_text(body, field="body", limit=COMMENT_MAX, label=_("A comment"))
    rate_limit_check(user=author, action="comment")
    with transaction.atomic():
        comment = ProposalComment.objects.create(
            proposal=proposal, author=author, body=clean
        )
        Proposal.objects.filter(pk=proposal.pk).update(
            comment_count=F("comment_count") + 1
        )
    return comment


def proposal_support(*, user, proposal: Proposal) -> None:
    """Add the member's one support vote; supporting twice is refused."""
    _require_member(user)
    if not proposal.is_open:
        raise ValidationError(_("This proposal has been decided; support is closed."))
    rate_limit_check(user=user, action="vote")
    try:
        with transaction.atomic():
            ProposalSupport.objects.create(proposal=proposal, user=user)
            Proposal.objects.filter(pk=proposal.pk).update(
                support_count=F("support_count") + 1
            )
    except IntegrityError:
        raise ValidationError(_("You already support this proposal.")) from None


def proposal_support_retract(*, user, proposal: Proposal) -> None:
    _require_member(user)
    with transaction.atomic():
        deleted, _rows = ProposalSupport.objects.filter(
            proposal=proposal, user=user
        ).delete()
        if not deleted:
            raise ValidationError(_("You do not support this proposal."))
        Proposal.objects.filter(pk=proposal.pk, support_count__gt=0).update(
            support_count=F("support_count") - 1
        )


@transaction.atomic
def proposal_decide(*, proposal: Proposal, status: str, reason: str, by) -> Proposal:
    """Adopt or decline a proposal (community managers, in the inbox or the admin).

    Adopting means change: a new draft revision of the purpose page with the
    proposed text applied, linked from the proposal, for a manager to review
    and publish."""
    if status not in (Proposal.Status.ADOPTED, Proposal.Status.DECLINED):
        raise ValidationError({"status": _("Choose adopted or declined.")})
    if status == Proposal.Status.DECLINED and not (reason or "").strip():
        raise ValidationError({"decision_reason": _("Say why it is declined.")})
    if proposal.status != Proposal.Status.OPEN:
        raise ValidationError(_("This proposal was already decided."))
    proposal.status = status
    proposal.decision_reason = (reason or "").strip()
    proposal.decided_by = by
    proposal.decided_at = timezone.now()
    if status == Proposal.Status.ADOPTED:
        proposal.revision = _draft_with_proposal(proposal=proposal, by=by)
    proposal.save()
    return proposal


def _statement_html(text: str) -> str:
    paragraphs = [p.strip() for p in text.replace("\r\n", "\n").split("\n\n")]
    return "".join(
        "<p>" + escape(p).replace("\n", "<br/>") + "</p>" for p in paragraphs if p
    )


def _draft_with_proposal(*, proposal: Proposal, by):
    """Save the purpose page's latest version with the proposed text as a new draft."""
    page = PurposePage.objects.live().first()
    if page is None:  # nothing published yet to change
        return None
    draft = page.get_latest_revision_as_object()
    if proposal.target == Proposal.Target.PROMISE:
        promises = list(draft.promises.all())
        promise = next((p for p in promises if p.pk == proposal.promise_id), None)
        if promise is None:
            raise ValidationError(_("The promise this proposal changes is gone."))
        promise.description = proposal.text
        draft.promises.set(promises)  # the in-memory cluster the revision saves
    else:
        draft.statement = _statement_html(proposal.text)
    return draft.save_revision(user=by, log_action=True)


# --- Purpose Index ------------------------------------------------------------------


def response_save(
    *,
    member,
    round: PurposeIndexRound,  # noqa: A002 - the domain word
    answers: dict[int, object],
    open_answer: str = "",
    submit: bool,
) -> PurposeIndexResponse:
    """Save a member's answers for a round: a draft may be partial; a submission
    needs every statement answered. Changes are allowed until the round closes.

    ``answers`` maps statement id -> raw value (a string from the form); blanks
    are skipped. Any out-of-range value is refused with a message per statement.
    """
    _require_member(member)
    if not round.is_open:
        if round.has_closed:
            raise ValidationError(
                _("This round has closed; answers can no longer change.")
            )
        raise ValidationError(_("This round has not opened yet."))
    statements = {s.pk: s for s in round.statements()}
    errors: dict[str, str] = {}
    values: dict[int, int] = {}
    for key, raw in answers.items():
        statement_id = parse_id(key)
        if statement_id not in statements:
            errors["__all__"] = _("An answer refers to a statement not in this round.")
            continue
        if raw in (None, ""):
            continue
        value = parse_id(raw) or 0
        if not 1 <= value <= 5:
            errors[f"s{statement_id}"] = _("Choose a value from 1 to 5.")
            continue
        values[statement_id] = value
    if submit:
        for statement_id in statements:
            if statement_id not in values and f"s{statement_id}" not in errors:
                errors[f"s{statement_id}"] = _("Answer this statement to submit.")
    open_text = clean_text(open_answer or "")
    if len(open_text) > OPEN_ANSWER_MAX:
        errors["open_answer"] = _("At most %(limit)s characters.") % {
            "limit": OPEN_ANSWER_MAX
        }
    if errors:
        raise ValidationError(errors)

    now = timezone.now()
    with transaction.atomic():
        response, _created = (
            PurposeIndexResponse.objects.select_for_update().get_or_create(
                member=member, round=round
            )
        )
        response.open_answer = open_text
        response.updated_at = now
        if submit:
            response.status = PurposeIndexResponse.Status.SUBMITTED
            response.submitted_at = response.submitted_at or now
        else:
            # An explicit draft save takes the answers out of the results again.
            response.status = PurposeIndexResponse.Status.DRAFT
        response.save()
        response.answers.exclude(statement_id__in=values).delete()
        existing = {a.statement_id: a for a in response.answers.all()}
        changed = []
        for statement_id, value in values.items():
            answer = existing.get(statement_id)
            if answer is None:
                existing[statement_id] = PurposeIndexAnswer(
                    response=response, statement_id=statement_id, value=value
                )
            elif answer.value != value:
                answer.value = value
                changed.append(answer)
        PurposeIndexAnswer.objects.bulk_create(
            [a for a in existing.values() if a.pk is None]
        )
        if changed:
            PurposeIndexAnswer.objects.bulk_update(changed, ["value"])
    return response
