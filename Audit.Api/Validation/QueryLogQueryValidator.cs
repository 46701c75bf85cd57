using Audit.Api.Queries;

namespace Audit.Api.Validation;

public sealed class QueryLogQueryValidator : ListQueryValidator<QueryLogQuery>;
