"""The declared permission matrix: every named URL x every role -> expected outcome.

Roles (columns, in this order): anonymous, citizen, stakeholder (representative of a
verified organisation), planner of the unit, planner of another unit of the same region,
head of the unit, Bappeda verifier, inspectorate reviewer, DPRD member (of the commission
partnering the unit), ratifier (head of region / Sekda), administrator (Admin Bappeda).

Outcomes: "login" (redirected to the login page), "403", "404", "405", "ok" (let through:
any 2xx, a redirect elsewhere than the login page, or 400/409 — an empty form refused by
validation, i.e. after the permission check); "a|b" accepts either.

Each URL is addressed with the objects of tests/security/world.py (see urls_kwargs.py):
plan URLs use a draft plan of the unit (desk URLs a plan in verification, inspectorate
URLs one in the inspectorate's review, DPRD URLs one submitted to the DPRD, portal URLs a
ratified one), so "ok" is what the role may do with that plan in that stage.

GET is checked where the URL answers GET, POST where it changes state (every POST is
sent empty, inside a transaction that is rolled back). Adding a URL: one line here (and
its kwargs in urls_kwargs.py when it has parameters). The Django admin is covered by the
ADMIN rule (every admin URL: login for everyone who is not staff)."""

from dataclasses import dataclass

ROLES = (
    "anonymous",
    "citizen",
    "stakeholder",
    "planner",
    "other_planner",
    "head",
    "verifier",
    "inspector",
    "dprd_member",
    "ratifier",
    "administrator",
)


@dataclass(frozen=True)
class E:
    get: str | None = None
    post: str | None = None

    def expected(self, method: str) -> dict[str, set[str]] | None:
        row = self.get if method == "GET" else self.post
        if row is None:
            return None
        tokens = row.split()
        assert len(tokens) == len(ROLES), (row, len(tokens))
        return {role: set(t.split("|")) for role, t in zip(ROLES, tokens, strict=True)}


# Rows that many URLs share.
PUBLIC = "ok ok ok ok ok ok ok ok ok ok ok"
ANY_USER = "login ok ok ok ok ok ok ok ok ok ok"
# Reading a plan: the unit's team and the region's reviewers; outsiders do not learn it exists.
PLAN_VIEW = "login 404 404 ok 404 ok ok ok 404 ok ok"
# Changing a plan's content: the unit's planners; other readers are refused.
PLAN_EDIT = "login 404 404 ok 404 403 403 403 404 403 403"
# The unit's team (planner and head), e.g. answering findings, the submission page.
UNIT_TEAM = "login 404 404 ok 404 ok 403 403 404 403 403"
VERIFIER_ONLY = "login 404 404 403 404 403 ok 403 404 403 403"
INSPECTOR_ONLY = "login 404 404 403 404 403 403 ok 404 403 403"
# A DPRD review: readers of the plan and the commission's members; members write.
DPRD_REVIEW_VIEW = "login 404 404 ok 404 ok ok ok ok ok ok"
DPRD_ONLY = "login 404 404 403 404 403 403 403 ok 403 403"
# The region's RPJMD reference: the region administrator; other region roles are refused.
REGION_ADMIN = "login 404 404 404 404 404 403 403 403 403 ok"
# Django admin: only staff get past its login.
ADMIN = E(get="login login login login login login login login login login login")

MATRIX: dict[str, E] = {
    "home": E(get=ANY_USER, post=ANY_USER),
    "login": E(get=PUBLIC, post=PUBLIC),
    "logout": E(post="login login login login login login login login login login login"),
    "password_change": E(get=ANY_USER, post=ANY_USER),
    "password_change_done": E(get=ANY_USER),
    "set_language": E(get=PUBLIC, post=PUBLIC),
    "two_factor_verify": E(get=ANY_USER, post=ANY_USER),
    "two_factor_setup": E(get=ANY_USER, post=ANY_USER),
    # Health is public; 503 where the worker heartbeat is missing (as in the tests).
    "health": E(get=" ".join(["ok|503"] * 11)),
    "renstra:rpjmd_list": E(get=REGION_ADMIN),
    "renstra:rpjmd_new": E(get=REGION_ADMIN, post=REGION_ADMIN),
    "renstra:rpjmd_detail": E(get=REGION_ADMIN),
    "renstra:rpjmd_edit": E(get=REGION_ADMIN, post=REGION_ADMIN),
    "renstra:rpjmd_unit_ceilings": E(get=REGION_ADMIN, post=REGION_ADMIN),
    "renstra:rpjmd_program_new": E(get=REGION_ADMIN, post=REGION_ADMIN),
    "renstra:rpjmd_program": E(get=REGION_ADMIN, post=REGION_ADMIN),
    "renstra:rpjmd_program_delete": E(post=REGION_ADMIN),
    "renstra:rpjmd_program_ceilings": E(get=REGION_ADMIN, post=REGION_ADMIN),
    "renstra:rpjmd_item_new": E(get=REGION_ADMIN, post=REGION_ADMIN),
    "renstra:rpjmd_item": E(get=REGION_ADMIN, post=REGION_ADMIN),
    "renstra:rpjmd_item_delete": E(post=REGION_ADMIN),
    "renstra:plan_list": E(get=ANY_USER, post=ANY_USER),
    "renstra:plan_new": E(
        get="login 403 403 ok ok 403 403 403 403 403 403",
        post="login 403 403 ok ok 403 403 403 403 403 403",
    ),
    "renstra:workspace": E(get=PLAN_VIEW, post=PLAN_VIEW),
    "renstra:chapter_detail": E(get=PLAN_VIEW, post=PLAN_EDIT),
    "renstra:section_new": E(get=PLAN_EDIT, post=PLAN_EDIT),
    "renstra:section_detail": E(get=PLAN_VIEW, post=PLAN_EDIT),
    "renstra:section_delete": E(get=PLAN_EDIT, post=PLAN_EDIT),
    "renstra:element_new": E(get=PLAN_EDIT, post=PLAN_EDIT),
    "renstra:element_detail": E(get=PLAN_VIEW, post=PLAN_EDIT),
    "renstra:element_move": E(post=PLAN_EDIT),
    "renstra:element_delete": E(get=PLAN_EDIT, post=PLAN_EDIT),
    "renstra:indicator_new": E(post=PLAN_EDIT),
    "renstra:indicator_edit": E(get=PLAN_VIEW, post=PLAN_EDIT),
    "renstra:indicator_delete": E(get=PLAN_EDIT, post=PLAN_EDIT),
    "renstra:funding_edit": E(post=PLAN_EDIT),
    "renstra:nomenclature_search": E(get=PLAN_VIEW),
    "renstra:nomenclature_pick": E(post="login 404 404 404 404 403 403 403 404 403 403"),
    "renstra:issue_list": E(get=PLAN_VIEW, post=PLAN_EDIT),
    "renstra:issue_edit": E(get=PLAN_VIEW, post=PLAN_EDIT),
    "renstra:issue_delete": E(get=PLAN_EDIT, post=PLAN_EDIT),
    "renstra:import_upload": E(
        get="login 403 403 ok ok 403 403 403 403 403 ok",
        post="login 403 403 ok ok 403 403 403 403 403 ok",
    ),
    "renstra:import_preview": E(
        get="login 403 403 404 404 403 403 403 403 403 404",
        post="login 403 403 404 404 403 403 403 403 403 404",
    ),
    "renstra:document": E(get=PLAN_VIEW),
    "renstra:previous_period": E(get=PLAN_VIEW, post=PLAN_VIEW),
    "renstra:previous_period_add": E(get=PLAN_EDIT, post=PLAN_EDIT),
    "renstra:previous_period_edit": E(get=PLAN_EDIT, post=PLAN_EDIT),
    "renstra:previous_period_delete": E(post=PLAN_EDIT),
    "renstra:document_files": E(get=PLAN_VIEW),
    "renstra:document_request": E(post=PLAN_VIEW),
    "renstra:document_progress": E(get=PLAN_VIEW),
    "renstra:document_download": E(get=PLAN_VIEW),
    "stages:timeline": E(get=PLAN_VIEW),
    "stages:transition": E(post="login 404 404 403 404 ok 403 403 404 403 403"),
    "stages:versions": E(get=PLAN_VIEW, post="login 404 404 ok 404 ok ok ok 404 403 403"),
    "stages:version_detail": E(get=PLAN_VIEW),
    "stages:version_document": E(get=PLAN_VIEW),
    "stages:compare": E(get=PLAN_VIEW),
    "stages:preparation": E(get=PLAN_VIEW),
    "stages:decree_save": E(post=PLAN_EDIT),
    "stages:member_add": E(post=PLAN_EDIT),
    "stages:member_edit": E(get=PLAN_EDIT, post=PLAN_EDIT),
    "stages:member_delete": E(post=PLAN_EDIT),
    "stages:agenda_add": E(post=PLAN_EDIT),
    "stages:agenda_edit": E(get=PLAN_EDIT, post=PLAN_EDIT),
    "stages:agenda_delete": E(post=PLAN_EDIT),
    "stages:inspectorate_review": E(get=INSPECTOR_ONLY),
    "stages:inspectorate_note_add": E(post=INSPECTOR_ONLY),
    "stages:inspectorate_close": E(post=INSPECTOR_ONLY),
    "stages:inspectorate_answers": E(get=UNIT_TEAM),
    "stages:inspectorate_note_answer": E(post=UNIT_TEAM),
    "stages:desk": E(get=VERIFIER_ONLY),
    "stages:desk_start": E(post=VERIFIER_ONLY),
    "stages:desk_checklist": E(post=VERIFIER_ONLY),
    "stages:desk_item_add": E(post=VERIFIER_ONLY),
    "stages:desk_item_remove": E(post=VERIFIER_ONLY),
    "stages:desk_decide": E(post=VERIFIER_ONLY),
    "stages:submission": E(get=UNIT_TEAM),
    "stages:submit": E(post="login 404 404 403 404 ok 403 403 404 403 403"),
    "stages:item_answer": E(post=PLAN_EDIT),
    # The DPRD desk lists the reviews of the user"s commissions: empty for everyone else.
    "legislation:member_home": E(get=ANY_USER),
    "legislation:review": E(get=DPRD_REVIEW_VIEW),
    "legislation:review_document": E(get=DPRD_REVIEW_VIEW),
    "legislation:note_add": E(post=DPRD_ONLY),
    "legislation:letter_issue": E(post=DPRD_ONLY),
    "legislation:review_approve": E(post=DPRD_ONLY),
    "legislation:item_respond": E(post=UNIT_TEAM),
    "legislation:plan_dprd": E(get=PLAN_VIEW),
    "legislation:dprd_submit": E(post="login 404 404 403 404 ok 403 403 404 403 ok"),
    "legislation:dprd_finish": E(post="login 404 404 403 404 ok 403 403 404 403 ok"),
    "legislation:ratify": E(get=PLAN_VIEW, post="login 404 404 403 404 403 403 403 404 ok 403"),
    "legislation:ratification_document": E(post="login 404 404 403 404 403 403 403 404 ok 403"),
    "legislation:coverage": E(get=PLAN_VIEW, post=PLAN_EDIT),
    "participation:public_index": E(get=PUBLIC),
    "participation:region": E(get=PUBLIC),
    "participation:consultation_detail": E(get=PUBLIC),
    "participation:consultation_pdf": E(get=PUBLIC),
    "participation:minutes_pdf": E(get=PUBLIC),
    "participation:plan_consultations": E(get=PLAN_VIEW, post=PLAN_EDIT),
    "participation:proposals": E(get=PLAN_VIEW, post=PLAN_EDIT),
    "participation:proposal_dispose": E(get=PLAN_EDIT, post=PLAN_EDIT),
    "participation:consultation_manage": E(get=PLAN_EDIT, post=PLAN_EDIT),
    "participation:consultation_close": E(post=PLAN_EDIT),
    "participation:minutes": E(get=PLAN_EDIT, post=PLAN_EDIT),
    "participation:signup": E(get=PUBLIC, post=PUBLIC),
    "participation:account_confirm": E(get=PUBLIC),
    "participation:account_resend": E(get=PUBLIC, post=PUBLIC),
    "participation:organisations": E(get=ANY_USER),
    "participation:organisation_register": E(get=ANY_USER, post=ANY_USER),
    "participation:organisation_directory": E(get=ANY_USER),
    "participation:organisation_detail": E(get="login 404 ok 404 404 404 404 404 404 404 ok"),
    "participation:organisation_document": E(get="login 404 ok 404 404 404 404 404 404 404 ok"),
    "participation:organisation_join": E(post=ANY_USER),
    "participation:organisation_review": E(
        get="login 404 403 404 404 404 404 404 404 404 ok",
        post="login 404 403 404 404 404 404 404 404 404 ok",
    ),
    "participation:membership_decide": E(post="login 404 ok 404 404 404 404 404 404 404 ok"),
    "participation:notifications": E(get=ANY_USER, post=ANY_USER),
    "participation:notifications_read": E(post=ANY_USER),
    "participation:comments": E(get=PUBLIC),
    "participation:comment_create": E(post=ANY_USER),
    "participation:comment_reply": E(post=ANY_USER),
    "participation:comment_report": E(get=ANY_USER, post=ANY_USER),
    "participation:comment_moderate": E(post="login 404 404 ok 404 403 403 403 404 403 ok"),
    "participation:comment_response": E(get=PLAN_EDIT, post=PLAN_EDIT),
    "participation:moderation": E(get="login 404 404 ok 404 403 403 403 404 403 ok"),
    "participation:response_matrix": E(get=PUBLIC),
    "participation:response_matrix_csv": E(get=PUBLIC),
    "participation:response_matrix_xlsx": E(get=PUBLIC),
    "participation:comment_attachment": E(get=PUBLIC),
    "participation:plan_version_comments": E(get=PLAN_VIEW),
    "portal:index": E(get=PUBLIC),
    "portal:region": E(get=PUBLIC),
    "portal:plan": E(get=PUBLIC),
    "portal:document": E(get=PUBLIC),
    "portal:pdf": E(get=PUBLIC),
    "portal:data_json": E(get=PUBLIC),
    "portal:data_csv": E(get=PUBLIC),
    "verify": E(get=PUBLIC, post=PUBLIC),
    "verify_code": E(get=PUBLIC),
}
