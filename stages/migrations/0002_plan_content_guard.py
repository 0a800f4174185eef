"""PostgreSQL triggers: the content of a locked plan cannot change by any path
(QuerySet.update, bulk writes and raw SQL included), and a ratified plan row cannot
change or be deleted. On SQLite the model signals of stages/guards.py do the job (triggers
there would fire on the test runner's flush and vanish when a migration rebuilds a table).
"""

from django.db import migrations

CONTENT_TABLES = [
    "renstra_chapter",
    "renstra_section",
    "renstra_strategicissue",
    "renstra_declaredtotal",
    "renstra_element",
    "renstra_indicator",
    "renstra_indicatortarget",
    "renstra_funding",
]

FORWARD = """
CREATE OR REPLACE FUNCTION renstra_plan_content_guard() RETURNS trigger AS $$
BEGIN
  IF TG_OP <> 'INSERT' AND EXISTS (SELECT 1 FROM renstra_plan WHERE id = OLD.plan_id AND locked) THEN
    RAISE EXCEPTION 'renstra: plan % is locked', OLD.plan_id USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  IF TG_OP <> 'DELETE' AND EXISTS (SELECT 1 FROM renstra_plan WHERE id = NEW.plan_id AND locked) THEN
    RAISE EXCEPTION 'renstra: plan % is locked', NEW.plan_id USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END $$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION renstra_plan_links_guard() RETURNS trigger AS $$
DECLARE element_id bigint;
BEGIN
  IF TG_OP = 'DELETE' THEN element_id := OLD.element_id; ELSE element_id := NEW.element_id; END IF;
  IF EXISTS (SELECT 1 FROM renstra_element e JOIN renstra_plan p ON p.id = e.plan_id
             WHERE e.id = element_id AND p.locked) THEN
    RAISE EXCEPTION 'renstra: plan of element % is locked', element_id USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END $$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION renstra_plan_final_guard() RETURNS trigger AS $$
BEGIN
  IF OLD.stage = 'penetapan' THEN
    RAISE EXCEPTION 'renstra: plan % is ratified', OLD.id USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END $$ LANGUAGE plpgsql;

CREATE TRIGGER renstra_plan_final_guard BEFORE UPDATE OR DELETE ON renstra_plan
  FOR EACH ROW EXECUTE FUNCTION renstra_plan_final_guard();
CREATE TRIGGER renstra_plan_links_guard BEFORE INSERT OR UPDATE OR DELETE ON renstra_element_issues
  FOR EACH ROW EXECUTE FUNCTION renstra_plan_links_guard();
""" + "".join(
    f"CREATE TRIGGER {t}_lock_guard BEFORE INSERT OR UPDATE OR DELETE ON {t} "
    "FOR EACH ROW EXECUTE FUNCTION renstra_plan_content_guard();\n"
    for t in CONTENT_TABLES
)

BACKWARD = (
    "".join(f"DROP TRIGGER IF EXISTS {t}_lock_guard ON {t};\n" for t in CONTENT_TABLES)
    + """
DROP TRIGGER IF EXISTS renstra_plan_links_guard ON renstra_element_issues;
DROP TRIGGER IF EXISTS renstra_plan_final_guard ON renstra_plan;
DROP FUNCTION IF EXISTS renstra_plan_content_guard();
DROP FUNCTION IF EXISTS renstra_plan_links_guard();
DROP FUNCTION IF EXISTS renstra_plan_final_guard();
"""
)


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("stages", "0001_stage_records"),
        ("renstra", "0001_initial"),
    ]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
