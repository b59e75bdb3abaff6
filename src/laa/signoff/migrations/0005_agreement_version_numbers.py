"""Every version has its number and first day now (0004 filled them in): required, and
one number per agreement. Apart from 0004 so that PostgreSQL alters the table in a
transaction of its own, after the rows were written."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("signoff", "0004_agreement_versions"),
    ]

    operations = [
        migrations.AlterField(
            model_name="agreementversion", name="number",
            field=models.PositiveIntegerField(
                help_text="1 for the approved agreement, then one more per approved change"),
        ),
        migrations.AlterField(
            model_name="agreementversion", name="in_force_from",
            field=models.DateField(help_text="The day this version is in force from"),
        ),
        migrations.AddConstraint(
            model_name="agreementversion",
            constraint=models.UniqueConstraint(fields=("agreement", "number"), name="one_version_number_per_agreement"),
        ),
    ]
