"""The shared store of rendered documents and the claims of renders under way (issue 16,
point 3): a download after a change is a lookup, on any app process."""

from tortoise import fields, migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [('visits', '0018_stats_summary')]

    initial = False

    operations = [
        ops.CreateModel(
            name='StoredDocument',
            fields=[
                ('key', fields.CharField(primary_key=True, max_length=64, unique=True,
                                         db_index=True)),
                ('media_type', fields.CharField(max_length=100)),
                ('data', fields.BinaryField()),
                ('size', fields.IntField()),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('last_used', fields.DatetimeField(db_index=True, auto_now=False,
                                                   auto_now_add=False)),
            ],
            options={'table': 'document', 'app': 'visits', 'pk_attr': 'key',
                     'table_description': 'A rendered document every app process shares.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='DocumentRender',
            fields=[
                ('key', fields.CharField(primary_key=True, max_length=64, unique=True,
                                         db_index=True)),
                ('claimed_until', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'document_render', 'app': 'visits', 'pk_attr': 'key',
                     'table_description': 'A render under way in some app process.'},
            bases=['Model'],
        ),
    ]
