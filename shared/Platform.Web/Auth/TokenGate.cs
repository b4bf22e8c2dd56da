using Microsoft.AspNetCore.Http;

namespace Platform.Web.Auth;

/// <summary>
/// Every request needs the token: <c>Authorization: Bearer …</c> (the API), or the console's cookie. A page
/// opened as <c>/?token=…</c> gets the cookie (HttpOnly, SameSite=Strict: another site's form cannot use
/// it) and is redirected to the same URL without the token, so it stays out of history and logs.
/// A wrong or missing token is 401 before any endpoint runs.
/// </summary>
public sealed class TokenGate(RequestDelegate next, ApiToken token)
{
    public const string CookieName = "platform_token";

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.Query.TryGetValue("token", out var given) && HttpMethods.IsGet(request.Method))
        {
            if (!token.Matches(given.ToString()))
            {
                await RefuseAsync(context).ConfigureAwait(false);
                return;
            }

            context.Response.Cookies.Append(CookieName, token.Value, new CookieOptions
            {
                HttpOnly = true,
                SameSite = SameSiteMode.Strict,
                Secure = request.IsHttps,
                Path = "/",
            });
            var rest = QueryString.Create(request.Query.Where(q => q.Key != "token"));
            context.Response.Redirect($"{request.PathBase}{request.Path}{rest}");
            return;
        }

        var header = request.Headers.Authorization.ToString();
        var bearer = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
        if (token.Matches(bearer) || token.Matches(request.Cookies[CookieName]))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        await RefuseAsync(context).ConfigureAwait(false);
    }

    private static Task RefuseAsync(HttpContext context)
    {
        context.Response.Headers.WWWAuthenticate = "Bearer";
        if (context.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.Ordinal))
        {
            // A browser: a page saying how to get in, not a JSON document.
            return Results.Content(Pages.Html.Page("Token needed", """
                <h1>A token is needed</h1>
                <p>Open the URL <code>platform serve</code> printed when it started — it ends in <code>/?token=…</code> — or add
                <code>?token=TOKEN</code> (the value of <code>PLATFORM_API_TOKEN</code>) to this address once. The console then keeps it in a cookie.</p>
                """), "text/html; charset=utf-8", statusCode: StatusCodes.Status401Unauthorized).ExecuteAsync(context);
        }

        return Results.Problem(
            statusCode: StatusCodes.Status401Unauthorized,
            title: "A valid token is needed",
            detail: "Send Authorization: Bearer TOKEN, or open the console once at /?token=TOKEN (the URL platform serve prints).")
            .ExecuteAsync(context);
    }
}
