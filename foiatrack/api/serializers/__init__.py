"""What the API reads and writes, one module per resource. Serializers shape data only:
rules live in the apps' forms, services and selectors, which the views call.

This package re-exports every serializer, so `serializers.AgencySerializer` keeps working.
"""

from foiatrack.api.serializers.agencies import (
    AgencySerializer,
    JurisdictionSerializer,
    ScorecardSerializer,
)
from foiatrack.api.serializers.common import (
    StageCodesField,
    stage_codes,
)
from foiatrack.api.serializers.datasets import (
    DatasetColumnSerializer,
    DatasetLinkSerializer,
    DatasetReportSerializer,
)
from foiatrack.api.serializers.files import (
    ReceivedFileListSerializer,
    ReceivedFileSerializer,
    TableBriefSerializer,
    TableStatusSerializer,
    TableSummarySerializer,
    UploadSerializer,
)
from foiatrack.api.serializers.filings import (
    AppealDecisionSerializer,
    AppealSerializer,
    AppealWriteSerializer,
    CommunicationSerializer,
    CommunicationWriteSerializer,
    ExemptionSerializer,
    ExemptionWriteSerializer,
    FieldsNotHeldSerializer,
    TrackingNumberSerializer,
    TrackingNumberWriteSerializer,
    TrackingStatusSerializer,
)
from foiatrack.api.serializers.gaps import (
    CoverageCellSerializer,
    CoverageQuerySerializer,
    CoverageSerializer,
    FunnelSerializer,
    FunnelStepSerializer,
)
from foiatrack.api.serializers.linkruns import (
    LinkRunCreateSerializer,
    LinkRunSerializer,
)
from foiatrack.api.serializers.requests import (
    AgencyRefSerializer,
    PublicRequestSerializer,
    RequestDetailSerializer,
    RequestSerializer,
    RequestWriteSerializer,
    StatusChangeNoteSerializer,
    StatusChangeSerializer,
    TransitionSerializer,
)
from foiatrack.api.serializers.tables import (
    SMALL_COUNT_SCHEMA,
    ColumnSerializer,
    FlagSerializer,
    PublicFlagSerializer,
    PublicTableSerializer,
    RolesSerializer,
    TableBaseSerializer,
    TableSerializer,
)
from foiatrack.api.serializers.tokens import (
    TokenRequestSerializer,
    TokenSerializer,
)

__all__ = [
    "AgencyRefSerializer",
    "AgencySerializer",
    "AppealDecisionSerializer",
    "AppealSerializer",
    "AppealWriteSerializer",
    "ColumnSerializer",
    "CommunicationSerializer",
    "CommunicationWriteSerializer",
    "CoverageCellSerializer",
    "CoverageQuerySerializer",
    "CoverageSerializer",
    "DatasetColumnSerializer",
    "DatasetLinkSerializer",
    "DatasetReportSerializer",
    "ExemptionSerializer",
    "ExemptionWriteSerializer",
    "FieldsNotHeldSerializer",
    "FlagSerializer",
    "FunnelSerializer",
    "FunnelStepSerializer",
    "JurisdictionSerializer",
    "LinkRunCreateSerializer",
    "LinkRunSerializer",
    "PublicFlagSerializer",
    "PublicRequestSerializer",
    "PublicTableSerializer",
    "ReceivedFileListSerializer",
    "ReceivedFileSerializer",
    "RequestDetailSerializer",
    "RequestSerializer",
    "RequestWriteSerializer",
    "RolesSerializer",
    "SMALL_COUNT_SCHEMA",
    "ScorecardSerializer",
    "StageCodesField",
    "StatusChangeNoteSerializer",
    "StatusChangeSerializer",
    "TableBaseSerializer",
    "TableBriefSerializer",
    "TableSerializer",
    "TableStatusSerializer",
    "TableSummarySerializer",
    "TokenRequestSerializer",
    "TokenSerializer",
    "TrackingNumberSerializer",
    "TrackingNumberWriteSerializer",
    "TrackingStatusSerializer",
    "TransitionSerializer",
    "UploadSerializer",
    "stage_codes",
]
