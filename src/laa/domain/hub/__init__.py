"""The rules of the Data Interchange Hub (DOMAIN.md D18): the periods an indicator is
reported for, the groups and places a value may be given for, who supplies it, and the
check of one observed value. Plain Python; the hub app (laa.hub) stores what passes."""
