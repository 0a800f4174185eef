"""PostgreSQL triggers: the records of a ratified plan (stage `penetapan`) that carry its
id — the team decree and agenda, the verification and inspectorate records, the
consultations and proposals, the DPRD review, notes and letters — refuse any insert,
update or delete by every path (QuerySet.update, bulk writes, raw SQL). The model signals
of legislation/guards.py give the clear message on the ORM's paths; the ratification row
itself is written in the same transaction as the move and is guarded there only.
"""

from django.db import migrations

TABLES = [
    "stages_teamdecree",
    "stages_agendaitem",
    "stages_inspectoratenote",
    "stages_inspectoratereviewresult",
    "stages_verificationreview",
    "participation_consultation",
    "participation_proposal",
    "legislation_dprdreview",
    "legislation_reviewnote",
    "legislation_recommendationletter",
]

FUNCTION = """
CREATE OR REPLACE FUNCTION legislation_final_record_guard() RETURNS trigger AS $$
BEGIN
  IF TG_OP <> 'INSERT' AND EXISTS (SELECT 1 FROM renstra_plan WHERE id = OLD.plan_id AND stage = 'penetapan') THEN
    RAISE EXCEPTION 'renstra: plan % is ratified', OLD.plan_id USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  IF TG_OP <> 'DELETE' AND EXISTS (SELECT 1 FROM renstra_plan WHERE id = NEW.plan_id AND stage = 'penetapan') THEN
    RAISE EXCEPTION 'renstra: plan % is ratified', NEW.plan_id USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END $$ LANGUAGE plpgsql;
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION, params=None)
    for table in TABLES:
        schema_editor.execute(
            f"CREATE TRIGGER {table}_final_guard BEFORE INSERT OR UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION legislation_final_record_guard();",
            params=None,
        )


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_final_guard ON {table};")
    schema_editor.execute("DROP FUNCTION IF EXISTS legislation_final_record_guard();")


class Migration(migrations.Migration):
    dependencies = [
        ("legislation", "0002_pokir_proposal"),
        ("stages", "0004_verification_desk"),
        ("participation", "0005_proposals_minutes"),
    ]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
