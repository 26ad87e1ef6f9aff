using System.Text;
using System.Text.Json.Nodes;
using static Maps.Functions.Html.PageLayout;

namespace Maps.Functions.Html;

/// <summary>
/// The HTML views of OGC API – Processes, drawn from the same JSON documents the API answers with (the process
/// list and descriptions, the jobs' statusInfo), so the page and its JSON alternate cannot disagree:
/// <list type="bullet">
/// <item>the processes;</item>
/// <item>a process with its inputs, and a form that runs it as a job on an uploaded CSV or GeoJSON
/// (<c>process-form.js</c>);</item>
/// <item>the jobs;</item>
/// <item>a job whose status the page polls until it ends, then links its result (<c>job-status.js</c>).</item>
/// </list>
/// Every value is HTML-encoded.
/// </summary>
public static class ProcessPages
{
    public static string Processes(JsonArray processes, string root)
    {
        var body = new StringBuilder("<p class=\"lead\">The planner analyses as OGC API – Processes: run one on a file of schools, ")
            .Append("synchronously or as a job for inputs too large for one request.</p><div class=\"cards\">");
        foreach (var process in processes.OfType<JsonObject>())
            body.Append(Card($"{root}/processes/{Text(process, "id")}?f=html", Text(process, "title"), Text(process, "description")));
        body.Append("</div>");
        return Page("Processes", body.ToString(), $"{root}/processes");
    }

    public static string Process(JsonObject description, string root)
    {
        string id = Text(description, "id");
        var inputs = description["inputs"] as JsonObject ?? [];
        var body = new StringBuilder($"<p class=\"lead\">{E(Text(description, "description"))}</p>")
            .Append("<h2>Inputs</h2><table><thead><tr><th>Input</th><th>Type</th><th>Required</th><th>What it is</th></tr></thead><tbody>");
        foreach (var (name, input) in inputs)
        {
            var schema = input?["schema"];
            body.Append($"<tr><td><code>{E(name)}</code></td><td>{E(TypeOf(schema))}</td>")
                .Append($"<td>{((input?["minOccurs"]?.GetValue<int>() ?? 1) > 0 ? "yes" : "no")}</td><td>{E(input?["description"]?.GetValue<string>() ?? "")}</td></tr>");
        }
        body.Append("</tbody></table>");
        if (inputs.ContainsKey("points"))
        {
            body.Append($"<h2>Run it on a file</h2><form id=\"process-run\" class=\"filter\" data-execution=\"{E(root)}/processes/{E(id)}/execution\">")
                .Append("<label>Points (CSV or GeoJSON) <input type=\"file\" name=\"points\" accept=\".csv,.geojson,.json,text/csv,application/geo+json\" required></label>");
            foreach (var (name, input) in inputs.Where(i => i.Key != "points"))
            {
                var schema = input?["schema"];
                string hint = schema?["default"]?.ToJsonString().Trim('"') ?? "";
                body.Append(schema?["type"]?.GetValue<string>() == "boolean"
                    ? $"<label><input type=\"checkbox\" name=\"{E(name)}\" value=\"true\"> {E(name)}</label>"
                    : $"<label>{E(name)} <input type=\"text\" name=\"{E(name)}\" placeholder=\"{E(hint)}\"></label>");
            }
            body.Append("<button type=\"submit\">Run as a job</button></form><p id=\"process-message\" role=\"status\" class=\"muted\"></p>");
        }
        body.Append($"<p class=\"muted\">Run it from code: <code>POST {E(root)}/processes/{E(id)}/execution</code> with the points as the body and the other inputs in the query string, ")
            .Append("with <code>Prefer: respond-async</code> for a job.</p>");
        return Page(Text(description, "title"), body.ToString(), $"{root}/processes/{id}", script: "process-form.js");
    }

    public static string Jobs(JsonArray jobs, string root)
    {
        var body = new StringBuilder("<p class=\"muted\">The jobs this browser submitted: a job is seen only by whoever submitted it.</p><table><thead><tr><th>Job</th><th>Process</th><th>Status</th><th>Progress</th><th>Created</th></tr></thead><tbody>");
        foreach (var job in jobs.OfType<JsonObject>())
        {
            body.Append($"<tr><td><a href=\"{E(root)}/jobs/{E(Text(job, "jobID"))}?f=html\">{E(Text(job, "jobID"))}</a></td>")
                .Append($"<td>{E(Text(job, "processID"))}</td><td>{E(Text(job, "status"))}</td><td>{E(job["progress"]?.ToJsonString() ?? "")}%</td><td>{E(Text(job, "created"))}</td></tr>");
        }
        body.Append("</tbody></table>");
        if (jobs.Count == 0)
            body.Append($"<p class=\"muted\">No jobs of yours yet: run a <a href=\"{E(root)}/processes?f=html\">process</a> as a job.</p>");
        return Page("Jobs", body.ToString(), $"{root}/jobs");
    }

    /// <summary>A job's page: its status now, kept current by <c>job-status.js</c>, which polls the JSON and links the result once it is ready.</summary>
    public static string Job(JsonObject status, string root)
    {
        string id = Text(status, "jobID");
        string state = Text(status, "status");
        var body = new StringBuilder($"<dl class=\"facts\" id=\"job-status\" data-url=\"{E(root)}/jobs/{E(id)}\" data-status=\"{E(state)}\">")
            .Append($"<dt>Process</dt><dd><a href=\"{E(root)}/processes/{E(Text(status, "processID"))}?f=html\">{E(Text(status, "processID"))}</a></dd>")
            .Append($"<dt>Status</dt><dd data-field=\"status\">{E(state)}</dd>")
            .Append($"<dt>Progress</dt><dd data-field=\"progress\">{E(status["progress"]?.ToJsonString() ?? "0")}%</dd>")
            .Append($"<dt>Message</dt><dd data-field=\"message\">{E(Text(status, "message"))}</dd>")
            .Append($"<dt>Created</dt><dd>{E(Text(status, "created"))}</dd>")
            .Append($"<dt>Result</dt><dd data-field=\"result\">{ResultLink(status)}</dd></dl>");
        return Page($"Job {id}", body.ToString(), $"{root}/jobs/{id}", script: "job-status.js");
    }

    private static string ResultLink(JsonObject status) =>
        (status["links"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(l => Text(l, "rel") == Maps.Functions.Processes.StatusInfo.ResultsRel) is { } link
            ? $"<a id=\"job-result\" href=\"{E(Text(link, "href"))}\" download>Download the result</a>"
            : "not yet";

    private static string TypeOf(JsonNode? schema) =>
        schema?["type"]?.GetValue<string>() is { } type
            ? type == "array" && schema["items"]?["type"]?.GetValue<string>() is { } items ? $"list of {items}" : type
            : schema?["oneOf"] is not null ? "file or reference" : "";

    private static string Text(JsonObject node, string name) => node[name] switch
    {
        null => "",
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        var other => other.ToJsonString().Trim('"'),
    };
}
