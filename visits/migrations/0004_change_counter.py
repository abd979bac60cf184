from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('visits', '0003_outbox')]

    initial = False

    operations = [
        ops.CreateModel(
            name='ChangeCounter',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('value', fields.BigIntField(default=0)),
            ],
            options={'table': 'change_counter', 'app': 'visits', 'pk_attr': 'id', 'table_description': 'One row counting committed changes (bumped with every audit event). Whatever'},
            bases=['Model'],
        ),
        ops.RunSQL("INSERT INTO change_counter (id, value) VALUES (1, 0)",
                   "DELETE FROM change_counter WHERE id = 1"),
    ]
