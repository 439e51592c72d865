using Maillage.Core.Data;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Web.Errors;

/// <summary>
/// On a page, a text too long for its field or holding U+0000 (<see cref="FieldValueException"/>, raised by Core
/// before anything is written) shows the form again with the message next to the field and the input as typed, like any other field error.
/// </summary>
public sealed class FieldLengthPageFilter : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var executed = await next();
        if (executed.ExceptionHandled || executed.Exception is not FieldValueException e) return;
        // The form field bound to the property (Input.FirstName…), else the form's summary.
        var key = context.ModelState.Keys.FirstOrDefault(k => k.Split('.')[^1].Equals(e.Property, StringComparison.OrdinalIgnoreCase)) ?? string.Empty;
        context.ModelState.AddModelError(key, e.Message);
        executed.ExceptionHandled = true;
        executed.Result = new PageResult();
    }
}
