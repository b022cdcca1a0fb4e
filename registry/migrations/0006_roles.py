"""The three editorial roles as groups: Editor, Publisher, Administrator (see docs/security.md)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

# Records an editor enters and changes; the admin itself keeps editors off published records.
EDITED = [
    "source",
    "party",
    "person",
    "meetingseries",
    "summit",
    "summitleader",
    "topic",
    "document",
    "documentparty",
    "signature",
    "statusevent",
    "documentrelation",
    "registrationnumber",
    "attachment",
    "target",
    "targetobservation",
    "honour",
]
PUBLISHING = ["publish_document", "publish_summit"]


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations; this one needs them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    registry = Permission.objects.filter(content_type__app_label="registry")
    editing = registry.filter(
        content_type__model__in=EDITED,
        codename__regex=r"^(add|change|delete|view)_",
    )
    languages = registry.filter(codename="view_language")
    editor, _ = Group.objects.get_or_create(name="Editor")
    editor.permissions.set([*editing, *languages])
    publisher, _ = Group.objects.get_or_create(name="Publisher")
    publisher.permissions.set([*editing, *languages, *registry.filter(codename__in=PUBLISHING)])
    administrator, _ = Group.objects.get_or_create(name="Administrator")
    administrator.permissions.set(
        Permission.objects.filter(content_type__app_label__in=["registry", "auth", "admin", "axes"])
    )


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Editor", "Publisher", "Administrator"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0005_integrity"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("axes", "0010_accessattemptexpiration"),
        ("admin", "0003_logentry_add_action_flag_choices"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
