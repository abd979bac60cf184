from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.migrations.schema_editor.base import BaseSchemaEditor


class DropColumn(ops.RemoveField):
    """RemoveField by ALTER TABLE ... DROP COLUMN on every database (SQLite has it since 3.35).

    Tortoise rebuilds the table on SQLite instead, and dropping the old app_user table fires
    its foreign keys: every API token deleted (CASCADE), every change-log author blanked."""

    async def database_forward(self, app_label, old_state, new_state, state_editor=None):
        if not state_editor:
            return
        model = old_state.apps.get_model(f"{app_label}.{self.model_name}")
        await BaseSchemaEditor.remove_field(state_editor, model, model._meta.fields_map[self.name])


class Migration(migrations.Migration):
    dependencies = [('visits', '0005_user_name')]

    initial = False

    operations = [
        ops.CreateModel(
            name='SignInThrottle',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('key', fields.CharField(unique=True, max_length=64)),
                ('failures', fields.IntField(default=0)),
                ('last_failure_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('blocked_until', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'sign_in_throttle', 'app': 'visits', 'pk_attr': 'id', 'table_description': 'Failed sign-ins from one client address, or from one address for one account.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='WebSession',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('key_hash', fields.CharField(unique=True, max_length=64)),
                ('user', fields.ForeignKeyField('visits.User', source_field='user_id', null=True, db_constraint=True, to_field='id', related_name='web_sessions', on_delete=OnDelete.CASCADE)),
                ('data', fields.JSONField(default=dict, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('expires_at', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'web_session', 'app': 'visits', 'pk_attr': 'id', 'table_description': "A browser's session, known by the SHA-256 of the random key its cookie holds."},
            bases=['Model'],
        ),
        DropColumn(model_name='User', name='failed_logins'),
        DropColumn(model_name='User', name='locked_until'),
    ]
