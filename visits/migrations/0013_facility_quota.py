from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('visits', '0012_answer_links')]

    initial = False

    operations = [
        ops.AddField(
            model_name='Facility',
            name='max_visits_per_week',
            field=fields.IntField(null=True),
        ),
    ]
