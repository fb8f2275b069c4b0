using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace LifeTimeCircle.Data;

/// <summary>Stores instants as UTC ticks (long): sortable and comparable in SQL on every provider.</summary>
public sealed class UtcDateTimeOffsetConverter() : ValueConverter<DateTimeOffset, long>(
    v => v.UtcTicks,
    v => new DateTimeOffset(v, TimeSpan.Zero));
