using System.Globalization;
using System.Net;
using System.Runtime.Versioning;
using Dvpn.Devnet.Namespaces;

namespace Dvpn.Devnet.Providers;

/// <summary>
/// A scrape in the Prometheus text exposition format (0.0.4), read the way Prometheus reads it: one sample per line,
/// <c>name{label="value",...} value [timestamp]</c>, comments and <c># TYPE</c> lines skipped.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class PrometheusText
{
    private readonly List<Sample> _samples;

    private PrometheusText(string text, List<Sample> samples)
    {
        Text = text;
        _samples = samples;
    }

    /// <summary>The scrape as served, for failure messages.</summary>
    public string Text { get; }

    /// <summary>GETs <c>http://<paramref name="endPoint"/>/metrics</c> over a connection made inside <paramref name="host"/>.</summary>
    public static async Task<PrometheusText> ScrapeAsync(NetworkHost host, IPEndPoint endPoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        using var http = new HttpClient(NamespaceHttpHandler.Create(host)) { Timeout = TimeSpan.FromSeconds(10) };
        using HttpResponseMessage response = await http.GetAsync(new Uri($"http://{endPoint}/metrics"), cancellationToken);
        string body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"GET /metrics answered {(int)response.StatusCode}: {body}");
        }

        string? contentType = response.Content.Headers.ContentType?.MediaType;
        if (!string.Equals(contentType, "text/plain", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"GET /metrics answered {contentType}, not Prometheus text (text/plain).");
        }

        return Parse(body);
    }

    /// <summary>Parses a scrape.</summary>
    public static PrometheusText Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var samples = new List<Sample>();
        foreach (string raw in text.Split('\n'))
        {
            string line = raw.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            samples.Add(ParseSample(line));
        }

        return new PrometheusText(text, samples);
    }

    /// <summary>Whether any sample of metric <paramref name="name"/> is present.</summary>
    public bool Has(string name) => _samples.Exists(s => string.Equals(s.Name, name, StringComparison.Ordinal));

    /// <summary>
    /// The sum of the samples of <paramref name="name"/> that carry every one of <paramref name="labels"/> (other labels,
    /// e.g. the exporter's scope labels, are ignored); 0 when there is none, as for a counter never incremented.
    /// </summary>
    public double Sum(string name, params (string Name, string Value)[] labels) =>
        _samples.Where(s => string.Equals(s.Name, name, StringComparison.Ordinal)
                && labels.All(l => s.Labels.TryGetValue(l.Name, out string? v) && string.Equals(v, l.Value, StringComparison.Ordinal)))
            .Sum(s => s.Value);

    private static Sample ParseSample(string line)
    {
        int nameEnd = line.IndexOfAny(['{', ' ']);
        if (nameEnd <= 0)
        {
            throw new FormatException($"Not a Prometheus sample: '{line}'");
        }

        string name = line[..nameEnd];
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        int at = nameEnd;
        if (line[at] == '{')
        {
            at = ParseLabels(line, at + 1, labels);
        }

        string[] rest = line[at..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (rest.Length is < 1 or > 2)
        {
            throw new FormatException($"Not a Prometheus sample: '{line}'");
        }

        double value = rest[0] switch
        {
            "+Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            "NaN" => double.NaN,
            string v => double.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture),
        };
        return new Sample(name, labels, value);
    }

    /// <summary>Reads <c>a="x",b="y"}</c> from <paramref name="at"/>; returns the index after the closing brace.</summary>
    private static int ParseLabels(string line, int at, Dictionary<string, string> labels)
    {
        while (true)
        {
            if (at < line.Length && line[at] == '}')
            {
                return at + 1;
            }

            int equals = line.IndexOf('=', at);
            if (equals < 0 || equals + 1 >= line.Length || line[equals + 1] != '"')
            {
                throw new FormatException($"Bad labels in Prometheus sample: '{line}'");
            }

            string label = line[at..equals].Trim();
            var value = new System.Text.StringBuilder();
            int i = equals + 2;
            for (; i < line.Length && line[i] != '"'; i++)
            {
                if (line[i] == '\\' && i + 1 < line.Length)
                {
                    i++;
                    value.Append(line[i] == 'n' ? '\n' : line[i]);
                }
                else
                {
                    value.Append(line[i]);
                }
            }

            if (i >= line.Length)
            {
                throw new FormatException($"Unterminated label value in Prometheus sample: '{line}'");
            }

            labels[label] = value.ToString();
            at = i + 1;
            if (at < line.Length && line[at] == ',')
            {
                at++;
            }
        }
    }

    private sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);
}
