namespace Provisioner.Bench;

/// <summary>Repeated timings of one thing, in milliseconds. Medians, not means: a shared 2-core machine has
/// outliers that say nothing about the code.</summary>
internal sealed class Sample
{
    private readonly List<double> _values = [];

    public int Count => _values.Count;

    public void Add(double milliseconds) => _values.Add(milliseconds);

    public double Median => Percentile(0.5);

    public double P90 => Percentile(0.9);

    public double Min => _values.Count == 0 ? double.NaN : _values.Min();

    /// <summary>Nearest-rank on the sorted values, interpolating between the two middle ones for the median.</summary>
    public double Percentile(double p)
    {
        if (_values.Count == 0) return double.NaN;
        var sorted = _values.Order().ToArray();
        var position = p * (sorted.Length - 1);
        var lower = (int)Math.Floor(position);
        var upper = (int)Math.Ceiling(position);
        return sorted[lower] + ((sorted[upper] - sorted[lower]) * (position - lower));
    }
}
