from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContractsConfig(AppConfig):
    name = "contracts"
    verbose_name = _("Verträge")

    def ready(self):
        from portal.pagecache import purge_on

        from .models import Contract, District, FundingProgramme, TargetGroup

        # the public "Fallmanagement in Zahlen" page sums the contracts
        purge_on(Contract, District, FundingProgramme, TargetGroup)
