using Xunit;

namespace Maillage.Web.Tests;

/// <summary>
/// Tests that change process-wide state (environment variables, <see cref="Console.Out"/>): xunit runs this
/// collection alone, after the parallel ones, so no other test sees that state.
/// </summary>
[CollectionDefinition(nameof(ProcessStateCollection), DisableParallelization = true)]
public sealed class ProcessStateCollection;
