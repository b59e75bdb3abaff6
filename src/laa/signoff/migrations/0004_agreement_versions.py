"""Approved content becomes the agreement's versions (ADR 0020): the model is renamed,
each version gets its number and the day it is in force from, and every agreement
approved before approval kept its content gets its version 1, written from the live
agreement now by the writer the approve step uses (`laa.signoff.checks.approved_content_of`)."""

from django.db import migrations, models
from django.utils import timezone

from laa.agreements.models import Agreement
from laa.signoff.checks import approved_content_of


def number_the_versions(apps, schema_editor):
    version_model = apps.get_model("signoff", "AgreementVersion")
    status_model = apps.get_model("signoff", "SignOffStatus")
    approvals = status_model.objects.filter(transition="approve").order_by("agreement_id", "id")
    numbers: dict[int, int] = {}
    for approval in approvals:
        number = numbers[approval.agreement_id] = numbers.get(approval.agreement_id, 0) + 1
        in_force_from = timezone.localdate(approval.at)
        kept = version_model.objects.filter(status_id=approval.pk)
        if kept.exists():
            kept.update(number=number, in_force_from=in_force_from)
            continue
        document, content_hash = approved_content_of(Agreement.objects.get(pk=approval.agreement_id))
        version_model.objects.create(
            agreement_id=approval.agreement_id, status_id=approval.pk, number=number,
            in_force_from=in_force_from, document=document, content_hash=content_hash,
        )


class Migration(migrations.Migration):

    dependencies = [
        ("agreements", "0002_target_direction_of_travel"),
        ("signoff", "0003_approved_content"),
    ]

    operations = [
        migrations.RenameModel("ApprovedContent", "AgreementVersion"),
        migrations.AlterModelOptions(name="agreementversion", options={"ordering": ["agreement", "number"]}),
        migrations.AlterField(
            model_name="agreementversion", name="agreement",
            field=models.ForeignKey(on_delete=models.deletion.PROTECT, related_name="versions",
                                    to="agreements.agreement"),
        ),
        migrations.AlterField(
            model_name="agreementversion", name="status",
            field=models.OneToOneField(help_text="The sign-off step that approved it",
                                       on_delete=models.deletion.PROTECT, related_name="version",
                                       to="signoff.signoffstatus"),
        ),
        migrations.AlterField(
            model_name="agreementversion", name="document",
            field=models.TextField(help_text="The agreement as an agreement file (JSON)"),
        ),
        migrations.AddField(
            model_name="agreementversion", name="number",
            field=models.PositiveIntegerField(
                null=True, help_text="1 for the approved agreement, then one more per approved change"),
        ),
        migrations.AddField(
            model_name="agreementversion", name="in_force_from",
            field=models.DateField(null=True, help_text="The day this version is in force from"),
        ),
        migrations.RunPython(number_the_versions, migrations.RunPython.noop),
    ]
