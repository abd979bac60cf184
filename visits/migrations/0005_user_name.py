from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('visits', '0004_change_counter')]

    initial = False

    operations = [
        ops.AddField(
            model_name='User',
            name='name',
            field=fields.CharField(default='', db_default='', max_length=100),
        ),
    ]
