using System.Linq.Expressions;

namespace Cdp.Core.Segments.Compilation;

/// <summary>Small helpers for building the LINQ expression trees EF Core translates to SQL.</summary>
internal static class Expr
{
    public static readonly Expression True = Expression.Constant(true);
    public static readonly Expression False = Expression.Constant(false);

    /// <summary>
    /// A value EF sends as a SQL parameter: member access on a closure-like object, exactly what the C#
    /// compiler emits for a captured variable. A plain constant would be inlined into the SQL text.
    /// </summary>
    public static Expression Param(object? value, Type type)
    {
        var box = Activator.CreateInstance(typeof(Box<>).MakeGenericType(type), value)!;
        return Expression.Property(Expression.Constant(box), "Value");
    }

    public static Expression Param<T>(T value) => Param(value, typeof(T));

    /// <summary>The body of <paramref name="lambda"/> with its parameters replaced by <paramref name="arguments"/>.</summary>
    public static Expression Bind(LambdaExpression lambda, params Expression[] arguments)
    {
        var map = lambda.Parameters.Zip(arguments).ToDictionary(p => p.First, p => p.Second);
        return new Replacer(map).Visit(lambda.Body);
    }

    public static Expression And(Expression left, Expression right) =>
        left == True ? right : right == True ? left : Expression.AndAlso(left, right);

    public static Expression Or(Expression left, Expression right) => Expression.OrElse(left, right);

    public static Expression Not(Expression operand) => Expression.Not(operand);

    public static Expression NotNull(Expression member) =>
        member.Type.IsValueType && Nullable.GetUnderlyingType(member.Type) is null
            ? True
            : Expression.NotEqual(member, Expression.Constant(null, member.Type));

    public static Expression IsNull(Expression member) => Expression.Equal(member, Expression.Constant(null, member.Type));

    /// <summary>Converts a value expression to the member's type (e.g. decimal to decimal?).</summary>
    public static Expression As(Expression value, Type type) => value.Type == type ? value : Expression.Convert(value, type);

    private sealed class Box<T>(T value)
    {
        // Read by EF through the expression tree.
        public T Value { get; } = value;
    }

    private sealed class Replacer(Dictionary<ParameterExpression, Expression> map) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) =>
            map.TryGetValue(node, out var replacement) ? replacement : node;
    }
}
