from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

# Follows 0006_sessions_and_throttle once that lands; until then it follows 0005_user_name.

class Migration(migrations.Migration):
    dependencies = [('visits', '0006_sessions_and_throttle')]

    initial = False

    operations = [
        ops.AddField(
            model_name='OutboxMessage',
            name='claimed_until',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.CreateModel(
            name='IdempotencyKey',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('user_id', fields.IntField()),
                ('key', fields.CharField(max_length=255)),
                ('request_hash', fields.CharField(max_length=64)),
                ('status_code', fields.IntField(null=True)),
                ('committed', fields.BooleanField(default=False)),
                ('response_body', fields.TextField(default='', unique=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('expires_at', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'idempotency_key', 'app': 'visits', 'pk_attr': 'id', 'unique_together': (('user_id', 'key'),), 'table_description': 'A creating request made with an `Idempotency-Key`: claimed by inserting this row (the'},
            bases=['Model'],
        ),
    ]
