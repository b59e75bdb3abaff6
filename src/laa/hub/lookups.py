"""The catalogue and places as the hub's rules need them (laa.domain.hub.rows.Lookups),
read once per import: 198 indicators, 150 areas and 238 districts."""

from __future__ import annotations

from laa.catalogue.models import IndicatorDefinition
from laa.domain.hub.reporting import Definition, Reporting, inferred_reporting
from laa.domain.hub.rows import IndicatorEntry
from laa.hub.models import Supplier
from laa.places.models import Area, District


def definition_facts(d: IndicatorDefinition) -> Definition:
    return Definition(
        code=d.indicator.code,
        number=d.indicator.number,
        unit=d.unit,
        decimal_places=d.decimal_places,
        data_source=d.data_source,
        frequency=d.frequency,
        department=d.department.code if d.department_id else None,
        place_survey=d.place_survey,
        tellus_survey=d.tellus_survey,
    )


def reporting_of(d: IndicatorDefinition, supplier: Supplier | None) -> Reporting:
    """The indicator's reporting: its Supplier row if the hub has one, else as inferred
    from the definition."""
    return supplier.reporting() if supplier is not None else inferred_reporting(definition_facts(d))


class DatabaseLookups:
    def __init__(self) -> None:
        suppliers = {s.indicator_id: s for s in Supplier.objects.select_related("department")}
        self._indicators: dict[str, IndicatorEntry] = {}
        for d in IndicatorDefinition.objects.filter(is_current=True).select_related("indicator", "department"):
            self._indicators[d.indicator.code.upper()] = IndicatorEntry(
                definition_id=d.id,
                indicator_id=d.indicator_id,
                definition=definition_facts(d),
                reporting=reporting_of(d, suppliers.get(d.indicator_id)),
            )
        self._areas = {code.upper(): pk for pk, code in Area.objects.values_list("id", "code")}
        self._districts = {
            (county, name.casefold()): pk for pk, county, name in District.objects.values_list("id", "county_id", "name")
        }

    def indicator(self, code: str) -> IndicatorEntry | None:
        return self._indicators.get(code.upper())

    def area(self, code: str) -> int | None:
        return self._areas.get(code.upper())

    def district(self, area_id: int, name: str) -> int | None:
        return self._districts.get((area_id, " ".join(name.split()).casefold()))
