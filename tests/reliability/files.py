"""Synthetic agency-like files for the fault tests.

`chicago_crimes_csv` imitates the City of Chicago's "Crimes – 2001 to Present" export
(ID, Case Number, Date, Block, IUCR, Primary Type, Beat, District, Latitude, Longitude);
every value is made up.
"""

from pathlib import Path

HEADER = "ID,Case Number,Date,Block,IUCR,Primary Type,Beat,District,Latitude,Longitude\n"
TYPES = ("THEFT", "BATTERY", "CRIMINAL DAMAGE", "ASSAULT", "DECEPTIVE PRACTICE", "NARCOTICS")
DISTRICTS = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 14, 15, 16, 17, 18, 19, 20, 22, 24, 25)


def chicago_crimes_csv(path: Path, rows: int, *, seed: int = 0) -> Path:
    """Write a record-level incident file of `rows` rows; distinct seeds give distinct bytes."""
    with path.open("w", encoding="utf-8", newline="") as output:
        output.write(HEADER)
        lines = []
        for index in range(rows):
            district = DISTRICTS[index % len(DISTRICTS)]
            day = 1 + index % 28
            month = 1 + (index // 28) % 12
            lines.append(
                f"{seed * 10_000_000 + index},JA{seed:02d}{index:07d},"
                f"2021-{month:02d}-{day:02d} {index % 24:02d}:{index % 60:02d}:00,"
                f"{index % 120:03d}XX W MADISON ST,0{460 + index % 40},{TYPES[index % 6]},"
                f"{district * 100 + index % 30},{district},"
                f"41.{880000 + index % 99999},-87.{620000 + index % 99999}\n"
            )
            if len(lines) == 10_000:
                output.writelines(lines)
                lines.clear()
        output.writelines(lines)
    return path
