"""API views, one module per resource: check the role, call a selector or service,
serialize. No rules live here.

Writes go through the same forms as the pages (so both refuse the same input) and
then the apps' services; reads go through the apps' selectors and FilterSets. This
package re-exports every view, so `views.AgencyList` keeps working.
"""

from foiatrack.api.views.agencies import (
    AgencyDetail,
    AgencyList,
    JurisdictionDetail,
    JurisdictionList,
)
from foiatrack.api.views.datasets import (
    DatasetDetail,
    DatasetList,
)
from foiatrack.api.views.files import (
    ReceivedFileDetail,
    ReceivedFileListCreate,
)
from foiatrack.api.views.filings import (
    AppealDecision,
    AppealListCreate,
    CommunicationListCreate,
    ExemptionListCreate,
    FieldsNotHeld,
    TrackingNumberListCreate,
    TrackingNumberStatus,
)
from foiatrack.api.views.gaps import (
    Coverage,
    Funnel,
)
from foiatrack.api.views.linkruns import (
    LinkRunDetail,
    LinkRunListCreate,
)
from foiatrack.api.views.requests import (
    PublicRequestDetail,
    PublicRequestList,
    RequestDetail,
    RequestListCreate,
    RequestTransition,
)
from foiatrack.api.views.tables import (
    TableDetail,
    TableList,
    TableRoles,
    TableStatus,
)
from foiatrack.api.views.tokens import (
    TokenObtain,
)

__all__ = [
    "AgencyDetail",
    "AgencyList",
    "AppealDecision",
    "AppealListCreate",
    "CommunicationListCreate",
    "Coverage",
    "DatasetDetail",
    "DatasetList",
    "ExemptionListCreate",
    "FieldsNotHeld",
    "Funnel",
    "JurisdictionDetail",
    "JurisdictionList",
    "LinkRunDetail",
    "LinkRunListCreate",
    "PublicRequestDetail",
    "PublicRequestList",
    "ReceivedFileDetail",
    "ReceivedFileListCreate",
    "RequestDetail",
    "RequestListCreate",
    "RequestTransition",
    "TableDetail",
    "TableList",
    "TableRoles",
    "TableStatus",
    "TokenObtain",
    "TrackingNumberListCreate",
    "TrackingNumberStatus",
]
