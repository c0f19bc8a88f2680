"""Distinct counts: exact up to a bound, then a HyperLogLog sketch with a stated error."""

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

# Exact distinct counts up to this many values per column; beyond, a sketch (error stated).
# Other columns' counts are descriptive, so the bound is modest to keep the audit fast.
EXACT_LIMIT = 200_000
# ID columns stay exact much longer: a duplicate ID is a finding, not a statistic.
ID_EXACT_LIMIT = 20_000_000
SMALL_LIMIT = 10_000
HLL_PRECISION = 14
HLL_REGISTERS = 1 << HLL_PRECISION
HLL_RELATIVE_ERROR = 1.04 / np.sqrt(HLL_REGISTERS)  # one standard error, about 0.8 %

# One random odd 64-bit weight per byte position (fixed seed: the same text always hashes
# the same). Two different strings collide with probability about 2^-56.
_POSITION_WEIGHTS = np.random.default_rng(20111231).integers(0, 2**63, 4096, dtype=np.int64).astype(
    np.uint64
) * np.uint64(2) + np.uint64(1)
_LENGTH_WEIGHT = np.uint64(0x9E3779B97F4A7C15)


def hash_values(values: pa.Array) -> np.ndarray:
    """64-bit hashes of text values, computed on the Arrow buffers with numpy (no per-value
    Python): a weighted sum of the bytes and the length, then mixed by mix64."""
    if values.type != pa.string():
        values = pc.cast(values, pa.string())
    values = values.fill_null("")
    offsets = np.frombuffer(values.buffers()[1], dtype=np.int32)
    offsets = offsets[values.offset : values.offset + len(values) + 1]
    lengths = np.diff(offsets)
    data_buffer = values.buffers()[2]
    data = np.frombuffer(data_buffer, dtype=np.uint8) if data_buffer is not None else None
    sums = np.zeros(len(values), dtype=np.uint64)
    if data is not None and offsets[-1] > offsets[0]:
        data = data[offsets[0] : offsets[-1]]
        starts = offsets[:-1] - offsets[0]
        position = np.arange(data.size) - np.repeat(starts, lengths)
        weighted = data.astype(np.uint64) * _POSITION_WEIGHTS[position % 4096]
        filled = lengths > 0
        sums[filled] = np.add.reduceat(weighted, starts[filled])
    return mix64(sums + lengths.astype(np.uint64) * _LENGTH_WEIGHT)


def mix64(keys: np.ndarray) -> np.ndarray:
    """A well-mixed 64-bit hash of numbers (splitmix64's finaliser): no text hashing needed."""
    x = keys.view(np.uint64) if keys.dtype.itemsize == 8 else keys.astype(np.uint64)
    x = x ^ (x >> np.uint64(30))
    x = x * np.uint64(0xBF58476D1CE4E5B9)
    x ^= x >> np.uint64(27)
    x *= np.uint64(0x94D049BB133111EB)
    x ^= x >> np.uint64(31)
    return x


def hash_columns(columns: list[pa.Array]) -> list[np.ndarray]:
    """hash_values of several columns."""
    return [hash_values(values) for values in columns]


MERGE_AT_LEAST = 65_536


class DistinctCounter:
    """Counts distinct values fed batch by batch in bounded memory.

    Exact mode appends each batch's hashes and sorts them into a unique set only past the
    bound (then at each doubling), so a mostly-unique column is sorted about once. When a
    merge shows that most hashes were repeats, later batches are first checked against the
    set by binary search and only new hashes are kept, so a column with many repeats costs
    one lookup per batch instead of repeated sorts. Past the bound, hashes go into a
    HyperLogLog sketch.
    """

    def __init__(self, limit: int = EXACT_LIMIT) -> None:
        self.limit = limit
        self.small: dict[str, int] | None = {}
        self._seen = np.empty(0, dtype=np.uint64)
        self._pending: list[np.ndarray] = []
        self._pending_size = 0
        self._registers: np.ndarray | None = None
        self._lookups_pay = False  # True once a merge shows most hashes were repeats

    @property
    def is_exact(self) -> bool:
        return self._registers is None

    def add(self, values: pa.Array, counts: np.ndarray) -> None:
        """Add distinct values of one batch (values unique within the batch) with row counts."""
        if len(values) == 0:
            return
        if self.small is not None:
            if len(self.small) + len(values) <= SMALL_LIMIT:
                for value, count in zip(values.to_pylist(), counts.tolist(), strict=True):
                    self.small[value] = self.small.get(value, 0) + count
                return
            self._leave_small()
        self._add_hashes(hash_values(values))

    def add_hashes(self, hashes: np.ndarray) -> None:
        """Add values already hashed with hash_values or mix64 (duplicates allowed)."""
        if self.small is not None:
            self._leave_small()
        self._add_hashes(hashes)

    def count(self) -> int:
        """The distinct count: exact while is_exact, else the sketch's estimate."""
        if self.small is not None:
            return len(self.small)
        if self._registers is not None:
            return _hll_estimate(self._registers)
        self._merge()
        return int(self._seen.size)

    def _leave_small(self) -> None:
        keys = list(self.small or {})
        self.small = None
        if keys:
            self._add_hashes(hash_values(pa.array(keys, type=pa.string())))

    def _add_hashes(self, hashes: np.ndarray) -> None:
        if self._registers is not None:
            _hll_add(self._registers, hashes)
            return
        if self._seen.size and self._lookups_pay:
            # Sorted needles make the binary searches walk memory in order (several x faster).
            hashes = np.sort(hashes)
            hashes = hashes[~_contains(self._seen, hashes)]
        if hashes.size == 0:
            return
        self._pending.append(hashes)
        self._pending_size += hashes.size
        total = self._seen.size + self._pending_size
        if self._lookups_pay:
            due = self._pending_size >= max(self._seen.size, MERGE_AT_LEAST)
        else:  # plain appending: merge only past the bound, then at each doubling
            due = total > max(self.limit, 2 * self._seen.size)
        if due or total > self.limit:
            self._merge()
            if self._seen.size > self.limit:
                self._registers = np.zeros(HLL_REGISTERS, dtype=np.uint8)
                _hll_add(self._registers, self._seen)
                self._seen = np.empty(0, dtype=np.uint64)

    def _merge(self) -> None:
        if not self._pending:
            return
        new = _sorted_unique(np.concatenate(self._pending))
        if self._seen.size:
            merged = np.concatenate([self._seen, new])
            # Two sorted runs: the stable sort (timsort) merges them in linear time.
            merged.sort(kind="stable")
            merged = _adjacent_unique(merged)  # unchecked hashes may repeat seen ones
        else:
            merged = new
        added = merged.size - self._seen.size
        self._lookups_pay = added < 0.5 * self._pending_size
        self._seen = merged
        self._pending, self._pending_size = [], 0


def _contains(sorted_values: np.ndarray, hashes: np.ndarray) -> np.ndarray:
    positions = np.searchsorted(sorted_values, hashes)
    positions[positions == sorted_values.size] = 0
    return sorted_values[positions] == hashes


def _sorted_unique(values: np.ndarray) -> np.ndarray:
    # Sorting beats numpy 2's hash-based np.unique several times over on uint64.
    values.sort()
    return _adjacent_unique(values)


def _adjacent_unique(values: np.ndarray) -> np.ndarray:
    if values.size == 0:
        return values
    keep = np.empty(values.size, dtype=bool)
    keep[0] = True
    np.not_equal(values[1:], values[:-1], out=keep[1:])
    return values[keep]


def _hll_add(registers: np.ndarray, hashes: np.ndarray) -> None:
    hashes = hashes.astype(np.uint64, copy=False)
    index = (hashes >> np.uint64(64 - HLL_PRECISION)).astype(np.intp)
    rest = hashes << np.uint64(HLL_PRECISION)
    rank = (_leading_zeros(rest) + 1).clip(max=64 - HLL_PRECISION + 1).astype(np.uint8)
    np.maximum.at(registers, index, rank)


def _leading_zeros(values: np.ndarray) -> np.ndarray:
    smeared = values.copy()
    for shift in (1, 2, 4, 8, 16, 32):
        smeared |= smeared >> np.uint64(shift)
    return 64 - np.bitwise_count(smeared).astype(np.int64)


def _hll_estimate(registers: np.ndarray) -> int:
    m = float(HLL_REGISTERS)
    alpha = 0.7213 / (1 + 1.079 / m)
    raw = alpha * m * m / np.sum(np.power(2.0, -registers.astype(np.float64)))
    zeros = int(np.count_nonzero(registers == 0))
    if raw <= 2.5 * m and zeros:
        return round(m * np.log(m / zeros))
    return round(raw)
