from django.core.management.base import BaseCommand
from django.utils import timezone

from saleor_loyalty.core.program import load_program
from saleor_loyalty.engagement.campaigns import run_campaign
from saleor_loyalty.engagement.models import Campaign, CampaignStatus


class Command(BaseCommand):
    help = (
        "Give the gifts of campaigns that are not completed (all of them, or the given "
        "IDs), e.g. after a worker stopped; nobody gets a gift twice."
    )

    def add_arguments(self, parser):
        parser.add_argument("ids", nargs="*", type=int, help="Campaign database IDs.")

    def handle(self, *args, ids, **options):
        pending = Campaign.objects.exclude(status=CampaignStatus.COMPLETED).order_by("pk")
        if ids:
            pending = pending.filter(pk__in=ids)
        for campaign_id in pending.values_list("pk", flat=True):
            campaign = run_campaign(campaign_id, load_program(), timezone.now())
            self.stdout.write(
                f"Campaign {campaign.pk} ({campaign.name}): {campaign.processed} of "
                f"{campaign.recipients} members, {campaign.get_status_display().lower()}."
            )
