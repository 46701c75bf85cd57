using Audit.Api.Queries;

namespace Audit.Api.Validation;

public sealed class SessionQueryValidator : ListQueryValidator<SessionQuery>;
