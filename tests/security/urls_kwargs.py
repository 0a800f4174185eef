"""How to address each named URL with the objects of a `World` (tests/security/world.py).

One entry per URL name: a function of the world giving the URL's kwargs. The object
probes use the same functions with objects of *another* world mixed in."""

from typing import Any

W = Any


def plan(key: str):
    return lambda w: {"public_id": getattr(w, key).public_id}


def consultation(w: W) -> dict:
    return {"public_id": w.consultation.public_id}


KWARGS = {
    # renstra: plans, sections, cascade, previous period, document files
    "renstra:workspace": plan("draft"),
    "renstra:chapter_detail": lambda w: {
        "public_id": w.draft.public_id,
        "number": w.chapter_number,
    },
    "renstra:section_new": lambda w: {"public_id": w.draft.public_id, "number": w.chapter_number},
    "renstra:section_detail": lambda w: {
        "public_id": w.draft.public_id,
        "number": w.chapter_number,
        "pk": w.section.pk,
    },
    "renstra:section_delete": lambda w: {
        "public_id": w.draft.public_id,
        "number": w.chapter_number,
        "pk": w.section.pk,
    },
    "renstra:element_new": plan("draft"),
    "renstra:element_detail": lambda w: {
        "public_id": w.draft.public_id,
        "element_id": w.element.pk,
    },
    "renstra:element_move": lambda w: {"public_id": w.draft.public_id, "element_id": w.element.pk},
    "renstra:element_delete": lambda w: {
        "public_id": w.draft.public_id,
        "element_id": w.element.pk,
    },
    "renstra:indicator_new": lambda w: {"public_id": w.draft.public_id, "element_id": w.element.pk},
    "renstra:indicator_edit": lambda w: {
        "public_id": w.draft.public_id,
        "element_id": w.element.pk,
        "indicator_id": w.indicator.pk,
    },
    "renstra:indicator_delete": lambda w: {
        "public_id": w.draft.public_id,
        "element_id": w.element.pk,
        "indicator_id": w.indicator.pk,
    },
    "renstra:funding_edit": lambda w: {"public_id": w.draft.public_id, "element_id": w.leaf.pk},
    "renstra:nomenclature_search": lambda w: {
        "public_id": w.draft.public_id,
        "element_id": w.leaf.pk,
    },
    "renstra:nomenclature_pick": lambda w: {
        "public_id": w.draft.public_id,
        "element_id": w.leaf.pk,
    },
    "renstra:issue_list": plan("draft"),
    "renstra:issue_edit": lambda w: {"public_id": w.draft.public_id, "issue_id": w.issue.pk},
    "renstra:issue_delete": lambda w: {"public_id": w.draft.public_id, "issue_id": w.issue.pk},
    "renstra:import_preview": lambda w: {"token": "a" * 32},
    "renstra:document": plan("draft"),
    "renstra:previous_period": plan("draft"),
    "renstra:previous_period_add": lambda w: {"public_id": w.draft.public_id, "kind": "kinerja"},
    "renstra:previous_period_edit": lambda w: {
        "public_id": w.draft.public_id,
        "kind": "kinerja",
        "pk": w.performance.pk,
    },
    "renstra:previous_period_delete": lambda w: {
        "public_id": w.draft.public_id,
        "kind": "kinerja",
        "pk": w.performance.pk,
    },
    "renstra:document_files": plan("draft"),
    "renstra:document_request": plan("draft"),
    "renstra:document_progress": lambda w: {
        "public_id": w.draft.public_id,
        "pk": w.document_file.pk,
    },
    "renstra:document_download": lambda w: {
        "public_id": w.draft.public_id,
        "pk": w.document_file.pk,
    },
    # renstra: RPJMD reference
    "renstra:rpjmd_detail": lambda w: {"pk": w.rpjmd.pk},
    "renstra:rpjmd_edit": lambda w: {"pk": w.rpjmd.pk},
    "renstra:rpjmd_unit_ceilings": lambda w: {"pk": w.rpjmd.pk},
    "renstra:rpjmd_program_new": lambda w: {"pk": w.rpjmd.pk},
    "renstra:rpjmd_program": lambda w: {"pk": w.rpjmd.pk, "program_id": w.rpjmd_program.pk},
    "renstra:rpjmd_program_delete": lambda w: {"pk": w.rpjmd.pk, "program_id": w.rpjmd_program.pk},
    "renstra:rpjmd_program_ceilings": lambda w: {
        "pk": w.rpjmd.pk,
        "program_id": w.rpjmd_program.pk,
    },
    "renstra:rpjmd_item_new": lambda w: {"pk": w.rpjmd.pk, "kind": "misi"},
    "renstra:rpjmd_item": lambda w: {"pk": w.rpjmd.pk, "kind": "misi", "item_id": w.rpjmd_misi.pk},
    "renstra:rpjmd_item_delete": lambda w: {
        "pk": w.rpjmd.pk,
        "kind": "misi",
        "item_id": w.rpjmd_misi.pk,
    },
    # stages
    "stages:timeline": plan("draft"),
    "stages:transition": lambda w: {"public_id": w.draft.public_id, "to_stage": "diajukan"},
    "stages:versions": plan("draft"),
    "stages:version_detail": lambda w: {"public_id": w.draft.public_id, "number": w.version.number},
    "stages:version_document": lambda w: {
        "public_id": w.draft.public_id,
        "number": w.version.number,
    },
    "stages:compare": plan("draft"),
    "stages:preparation": plan("draft"),
    "stages:decree_save": plan("draft"),
    "stages:member_add": plan("draft"),
    "stages:member_edit": lambda w: {"public_id": w.draft.public_id, "pk": w.member.pk},
    "stages:member_delete": lambda w: {"public_id": w.draft.public_id, "pk": w.member.pk},
    "stages:agenda_add": plan("draft"),
    "stages:agenda_edit": lambda w: {"public_id": w.draft.public_id, "pk": w.agenda.pk},
    "stages:agenda_delete": lambda w: {"public_id": w.draft.public_id, "pk": w.agenda.pk},
    "stages:inspectorate_review": plan("reviu"),
    "stages:inspectorate_note_add": plan("reviu"),
    "stages:inspectorate_close": plan("reviu"),
    "stages:inspectorate_answers": plan("reviu"),
    "stages:inspectorate_note_answer": lambda w: {
        "public_id": w.reviu.public_id,
        "pk": w.inspectorate_note.pk,
    },
    "stages:desk": plan("verif"),
    "stages:desk_start": plan("verif"),
    "stages:desk_checklist": plan("verif"),
    "stages:desk_item_add": plan("verif"),
    "stages:desk_item_remove": lambda w: {
        "public_id": w.verif.public_id,
        "item_id": w.desk_item.pk,
    },
    "stages:desk_decide": plan("verif"),
    "stages:submission": plan("verif"),
    "stages:submit": plan("verif"),
    "stages:item_answer": lambda w: {"public_id": w.verif.public_id, "item_id": w.desk_item.pk},
    # legislation
    "legislation:review": lambda w: {"review_id": w.review.pk},
    "legislation:review_document": lambda w: {"review_id": w.review.pk},
    "legislation:note_add": lambda w: {"review_id": w.review.pk},
    "legislation:letter_issue": lambda w: {"review_id": w.review.pk},
    "legislation:review_approve": lambda w: {"review_id": w.review.pk},
    "legislation:item_respond": lambda w: {"item_id": w.letter_item.pk},
    "legislation:plan_dprd": plan("dprd"),
    "legislation:dprd_submit": plan("dprd"),
    "legislation:dprd_finish": plan("dprd"),
    "legislation:ratify": plan("dprd"),
    "legislation:ratification_document": plan("ratified"),
    "legislation:coverage": plan("dprd"),
    # participation
    "participation:region": lambda w: {"region_id": w.region.pk},
    "participation:consultation_detail": consultation,
    "participation:consultation_pdf": consultation,
    "participation:minutes_pdf": consultation,
    "participation:plan_consultations": plan("consult"),
    "participation:proposals": plan("consult"),
    "participation:proposal_dispose": lambda w: {
        "public_id": w.consult.public_id,
        "pk": w.proposal.pk,
    },
    "participation:consultation_manage": consultation,
    "participation:consultation_close": consultation,
    "participation:minutes": consultation,
    "participation:account_confirm": lambda w: {"token": "tidak-sah"},
    "participation:organisation_detail": lambda w: {"pk": w.organisation.pk},
    "participation:organisation_document": lambda w: {"pk": w.organisation.pk},
    "participation:organisation_join": lambda w: {"pk": w.organisation.pk},
    "participation:organisation_review": lambda w: {"pk": w.organisation.pk},
    "participation:membership_decide": lambda w: {"pk": w.membership.pk},
    "participation:comments": consultation,
    "participation:comment_create": consultation,
    "participation:comment_reply": lambda w: {
        "public_id": w.consultation.public_id,
        "pk": w.comment.pk,
    },
    "participation:comment_report": lambda w: {
        "public_id": w.consultation.public_id,
        "pk": w.comment.pk,
    },
    "participation:comment_moderate": lambda w: {
        "public_id": w.consultation.public_id,
        "pk": w.comment.pk,
    },
    "participation:comment_response": lambda w: {
        "public_id": w.consultation.public_id,
        "pk": w.comment.pk,
    },
    "participation:moderation": consultation,
    "participation:response_matrix": consultation,
    "participation:response_matrix_csv": consultation,
    "participation:response_matrix_xlsx": consultation,
    "participation:comment_attachment": lambda w: {"pk": w.attachment.pk},
    "participation:plan_version_comments": lambda w: {
        "public_id": w.consult.public_id,
        "number": w.consult_version.number,
    },
    # public portal, verify
    "portal:region": lambda w: {"region_id": w.region.pk},
    "portal:plan": plan("ratified"),
    "portal:document": plan("ratified"),
    "portal:pdf": plan("ratified"),
    "portal:data_json": plan("ratified"),
    "portal:data_csv": plan("ratified"),
    "verify_code": lambda w: {"code": w.document_file.verify_token},
}
