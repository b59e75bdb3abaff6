"""Places: regions, areas (with their April 2009 successors), districts, organisations
and partnerships (D1, D12, D13)."""

from __future__ import annotations

from django.db import models


class PublicQuerySet(models.QuerySet):
    """Reference data that everyone reads, residents included: the scope is all of it,
    but a view still asks for it through `visible_to`, so a private field added later
    has one place to be hidden."""

    def visible_to(self, user) -> PublicQuerySet:
        return self.all()


class Region(models.Model):
    """An English region and its Government Office."""

    code = models.CharField(max_length=4, unique=True)
    name = models.CharField(max_length=80, unique=True)
    government_office = models.CharField(max_length=120)
    short_name = models.CharField(max_length=16)

    objects = PublicQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class AreaType(models.TextChoices):
    SHIRE_COUNTY = "shire county", "Shire county"
    UNITARY = "unitary authority", "Unitary authority"
    METROPOLITAN = "metropolitan district", "Metropolitan district"
    LONDON_BOROUGH = "London borough", "London borough"
    CITY_OF_LONDON = "City of London", "City of London"
    ISLES_OF_SCILLY = "Isles of Scilly", "Isles of Scilly"


class Area(models.Model):
    """An upper-tier or unitary local authority area that makes an LAA."""

    code = models.CharField("CLG code", max_length=12, unique=True)
    name = models.CharField(max_length=120)
    type = models.CharField(max_length=32, choices=AreaType.choices)
    two_tier = models.BooleanField(default=False)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="areas")
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True, help_text="The day the area ceased")
    change_note = models.CharField(max_length=300, blank=True)
    successors = models.ManyToManyField(
        "self", symmetrical=False, through="AreaSuccession", related_name="predecessors"
    )

    objects = PublicQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def has_education_responsibility(self) -> bool:
        """Every upper-tier and unitary area is the local education authority (D3)."""
        return True


class AreaSuccession(models.Model):
    predecessor = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="succeeded_by")
    successor = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="succeeds")
    effective = models.DateField()
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="unique_succession")
        ]

    def __str__(self) -> str:
        return f"{self.predecessor.name} succeeded by {self.successor.name} ({self.effective:%d %B %Y})"


class AreaChange(models.Model):
    """A change to an area that keeps its code: on 1 April 2009 Cornwall, Durham,
    Northumberland, Shropshire and Wiltshire became unitary authorities under the same
    code. The area's own row stays as it was in the 2008 round (its agreement was made
    then); each later state is a row here, so the history is kept."""

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="changes")
    valid_from = models.DateField()
    name = models.CharField(max_length=120)
    type = models.CharField(max_length=32, choices=AreaType.choices)
    two_tier = models.BooleanField(default=False)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["area", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["area", "valid_from"], name="unique_area_change_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.area.code} from {self.valid_from:%Y-%m-%d}: {self.name}, {self.get_type_display()}"


class District(models.Model):
    """A district council area inside a two-tier county."""

    name = models.CharField(max_length=120)
    county = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="districts")

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["county", "name"], name="unique_district_in_county")
        ]

    def __str__(self) -> str:
        return self.name


class OrganisationKind(models.TextChoices):
    # Partner authorities named in s104 of the 2007 Act: duty to co-operate.
    COUNTY_COUNCIL = "county_council", "County council"
    UNITARY_COUNCIL = "unitary_council", "Unitary, metropolitan or London borough council"
    DISTRICT_COUNCIL = "district_council", "District council"
    POLICE_AUTHORITY = "police_authority", "Police authority"
    CHIEF_OFFICER_OF_POLICE = "chief_officer_of_police", "Chief officer of police"
    FIRE_AUTHORITY = "fire_authority", "Fire and rescue authority"
    PCT = "primary_care_trust", "Primary care trust"
    NHS_TRUST = "nhs_trust", "NHS trust or foundation trust"
    JOBCENTRE_PLUS = "jobcentre_plus", "Jobcentre Plus"
    LSC = "learning_and_skills_council", "Learning and Skills Council"
    PROBATION = "probation", "Probation board or trust"
    YOT = "youth_offending_team", "Youth offending team"
    ENVIRONMENT_AGENCY = "environment_agency", "Environment Agency"
    NATIONAL_PARK = "national_park_authority", "National park authority"
    BROADS = "broads_authority", "Broads Authority"
    RDA = "regional_development_agency", "Regional development agency"
    HSE = "health_and_safety_executive", "Health and Safety Executive"
    TRANSPORT_AUTHORITY = "transport_authority", "Passenger transport or joint waste authority"
    OTHER_PUBLIC = "other_public_partner", "Other partner authority named in s104"
    # Partners with no statutory duty.
    VOLUNTARY = "voluntary", "Voluntary organisation"
    COMMUNITY = "community", "Community organisation"
    BUSINESS = "business", "Business"
    FAITH = "faith", "Faith group"
    OTHER = "other", "Other partner"


NON_STATUTORY_KINDS = frozenset(
    {
        OrganisationKind.VOLUNTARY,
        OrganisationKind.COMMUNITY,
        OrganisationKind.BUSINESS,
        OrganisationKind.FAITH,
        OrganisationKind.OTHER,
    }
)


class OrganisationStatus(models.TextChoices):
    CONFIRMED = "confirmed", "Confirmed"
    PROPOSED = "proposed", "Proposed, awaiting the administrator"


class OrganisationProvenance(models.TextChoices):
    """How far the organisation's link to the area has been checked (the reference file's
    provenance, shown as such)."""

    SOURCE_CHECKED = "source-checked", "Source-checked"
    RECALLED = "recalled", "Recalled, not checked"
    INFERRED = "inferred", "Inferred by a stated rule"
    PROPOSED = "proposed", "Proposed by the partnership"
    SERVICE = "service", "Set up by the service"


class OrganisationQuerySet(PublicQuerySet):
    def known(self) -> OrganisationQuerySet:
        """The organisations the rules know: confirmed ones, not those still proposed (D6)."""
        return self.filter(status=OrganisationStatus.CONFIRMED)


class Organisation(models.Model):
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=40, choices=OrganisationKind.choices)
    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, null=True, blank=True, related_name="organisations",
        help_text="The area the organisation belongs to, if it serves one area",
    )
    district = models.OneToOneField(
        District, on_delete=models.PROTECT, null=True, blank=True, related_name="council"
    )
    is_demo = models.BooleanField(default=False)
    status = models.CharField(
        max_length=12, choices=OrganisationStatus.choices, default=OrganisationStatus.CONFIRMED,
        help_text="A partnership officer proposes a missing organisation; the administrator confirms it",
    )
    provenance = models.CharField(
        max_length=16, choices=OrganisationProvenance.choices, default=OrganisationProvenance.SERVICE
    )
    source_note = models.TextField(blank=True, help_text="The source, the rule or the doubt behind the row")
    proposed_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["name", "area"], name="unique_organisation_in_area")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_partner_authority(self) -> bool:
        """A partner authority under s104: duty to co-operate and to have regard."""
        return self.kind not in NON_STATUTORY_KINDS


class Partnership(models.Model):
    """The Local Strategic Partnership of one area."""

    area = models.OneToOneField(Area, on_delete=models.PROTECT, related_name="partnership")
    name = models.CharField(max_length=200)
    accountable_body = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    members = models.ManyToManyField(Organisation, through="Membership", related_name="partnerships")
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["area__name"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="memberships")
    on_executive = models.BooleanField(default=False)
    joined = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "organisation"], name="unique_membership")
        ]

    def __str__(self) -> str:
        return f"{self.organisation.name} in {self.partnership.name}"


class ThematicPartnership(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="thematic_partnerships")
    name = models.CharField(max_length=200)
    theme = models.CharField(max_length=120, blank=True)
    lead = models.ForeignKey(Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "name"], name="unique_thematic_partnership")
        ]

    def __str__(self) -> str:
        return self.name
