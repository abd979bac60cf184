"""Indexes for a long history (issue 15, SPEC §7.9): one visit's stops, the stops of a
period, visits in the order of their first stop, a delegation's visits and members, a visit's share links."""

from tortoise import migrations
from tortoise.indexes import Index
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [('visits', '0015_host_calendars')]

    initial = False

    operations = [
        ops.AddIndex(model_name='Stop', index=Index(fields=['visit_id', 'position'])),
        ops.AddIndex(model_name='Stop', index=Index(fields=['start'])),
        ops.AddIndex(model_name='Stop', index=Index(fields=['position', 'start', 'visit_id'])),
        ops.AddIndex(model_name='Stop', index=Index(fields=['status', 'start'])),
        ops.AddIndex(model_name='Visit', index=Index(fields=['delegation_id'])),
        ops.AddIndex(model_name='DelegationMember',
                     index=Index(fields=['delegation_id', 'position'])),
        ops.AddIndex(model_name='ShareLink', index=Index(fields=['visit_id'])),
    ]
