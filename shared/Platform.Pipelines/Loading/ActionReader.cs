using Platform.Pipelines.Expressions;
using Platform.Pipelines.Model;
using Platform.Pipelines.Validation;
using YamlDotNet.RepresentationModel;

namespace Platform.Pipelines.Loading;

/// <summary>Reads a step's action: run, sleep, http or approval.</summary>
internal sealed class ActionReader(ReaderContext context, ValueReader values)
{
    public StepAction? Read(YamlScalarNode key, YamlNode value, NodeSource source) => key.Value switch
    {
        "run" => ReadRun(key, value, source),
        "sleep" => values.Duration(value, "sleep", positive: false) is { } d ? new SleepAction(d) : null,
        "http" => ReadHttp(key, value, source),
        _ => ReadApproval(key, value, source),
    };

    private RunAction? ReadRun(YamlScalarNode key, YamlNode value, NodeSource source)
    {
        var commands = new List<Template>();
        var nodes = value is YamlSequenceNode list ? list.Children : [value];
        foreach (var node in nodes)
        {
            if (YamlShape.IsNull(node) || (node is YamlScalarNode s && string.IsNullOrWhiteSpace(s.Value)))
            {
                context.Error(node, "'run' has an empty command");
                continue;
            }

            if (values.Template(node, "run", source) is { } template)
            {
                commands.Add(template);
                new RunTemplateCheck(context).Check(template, context.Locate((YamlScalarNode)node));
            }
        }

        if (nodes.Count == 0)
        {
            context.Error(key, "'run' needs at least one command");
        }

        return new RunAction(commands);
    }

    private HttpAction? ReadHttp(YamlScalarNode key, YamlNode value, NodeSource source)
    {
        // `http: http://localhost/health` is a GET of that URL.
        if (value is YamlScalarNode && !YamlShape.IsNull(value))
        {
            return values.Template(value, "url", source) is { } only
                ? new HttpAction(only, "GET", new Dictionary<string, Template>(), null, [])
                : null;
        }

        if (value is not YamlMappingNode map)
        {
            context.Error(YamlShape.IsNull(value) ? key : value, $"'http' must be a mapping such as {{ url: http://localhost/health }}; found {YamlShape.Describe(value)}");
            return null;
        }

        var fields = FieldSet.Of(context, map, "http", KnownKeys.Http);
        Template? url = null;
        if (fields.Value("url") is { } u)
        {
            url = values.Template(u, "url", source);
        }
        else
        {
            context.Error(key, "an http step needs a 'url'");
        }

        var method = "GET";
        if (fields.Value("method") is { } m && values.String(m, "method") is { } given)
        {
            method = given.ToUpperInvariant();
            if (!KnownKeys.HttpMethods.Contains(method))
            {
                context.Error(m, $"invalid HTTP method '{YamlShape.Shorten(given)}': use {string.Join(", ", KnownKeys.HttpMethods)}{DidYouMean.Hint(method, KnownKeys.HttpMethods)}");
            }
        }

        var headers = new Dictionary<string, Template>(StringComparer.OrdinalIgnoreCase);
        if (fields.Value("headers") is { } h)
        {
            if (h is YamlMappingNode headerMap)
            {
                foreach (var (name, headerValue) in headerMap.Children)
                {
                    if (name is YamlScalarNode { Value: { Length: > 0 } headerName }
                        && values.Template(headerValue, $"headers.{headerName}", source) is { } template)
                    {
                        headers[headerName] = template;
                    }
                }
            }
            else
            {
                context.Error(h, $"'headers' must be a mapping of Name: value; found {YamlShape.Describe(h)}");
            }
        }

        Template? body = null;
        if (fields.Value("body") is { } b)
        {
            body = b is YamlScalarNode
                ? values.Template(b, "body", source)
                : Fail<Template>(b, $"'body' must be a string (write JSON as a quoted or block string); found {YamlShape.Describe(b)}");
        }

        var expect = fields.Value("expect") is { } e ? ReadExpect(e) : [];
        return url is null ? null : new HttpAction(url, method, headers, body, expect);
    }

    private List<int> ReadExpect(YamlNode node)
    {
        var codes = new List<int>();
        var nodes = node is YamlSequenceNode list ? list.Children : [node];
        foreach (var item in nodes)
        {
            if (values.Int(item, "expect", min: 1) is { } code)
            {
                if (code is < 100 or > 599)
                {
                    context.Error(item, $"'expect' must hold HTTP status codes (100-599); found '{code}'");
                }
                else
                {
                    codes.Add(code);
                }
            }
        }

        return codes;
    }

    private ApprovalAction? ReadApproval(YamlScalarNode key, YamlNode value, NodeSource source)
    {
        source.ApprovalKey = context.At(key);
        if (YamlShape.IsNull(value))
        {
            return new ApprovalAction(null, null, []);
        }

        if (value is not YamlMappingNode map)
        {
            context.Error(value, $"'approval' must be a mapping such as {{ message: Ship it? }}; found {YamlShape.Describe(value)}");
            return null;
        }

        var fields = FieldSet.Of(context, map, "approval", KnownKeys.Approval);
        var message = fields.Value("message") is { } m ? values.Template(m, "message", source) : null;
        var timeout = fields.Value("timeout") is { } t ? values.Duration(t, "timeout", positive: true) : null;
        var approvers = fields.Value("approvers") is { } a ? values.StringList(a, "approvers") ?? [] : [];
        return new ApprovalAction(message, timeout, [.. approvers.Select(x => x.Text)]);
    }

    private T? Fail<T>(YamlNode node, string message)
        where T : class
    {
        context.Error(node, message);
        return null;
    }
}
