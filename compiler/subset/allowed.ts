import { SyntaxKind } from "ts-morph";

/**
 * Syntax the subset accepts. The checker works from this allowlist, so a
 * node kind nobody thought about is a diagnostic, never a crash or silent C.
 */
export const allowedKinds = new Set<SyntaxKind>([
  // files, modules, declarations
  SyntaxKind.SourceFile, SyntaxKind.EndOfFileToken, SyntaxKind.SyntaxList,
  SyntaxKind.ImportDeclaration, SyntaxKind.ImportClause, SyntaxKind.NamedImports, SyntaxKind.ImportSpecifier,
  SyntaxKind.StringLiteral, SyntaxKind.Identifier, SyntaxKind.PrivateIdentifier,
  SyntaxKind.FunctionDeclaration, SyntaxKind.Parameter, SyntaxKind.Block,
  SyntaxKind.InterfaceDeclaration, SyntaxKind.PropertySignature, SyntaxKind.MethodSignature,
  SyntaxKind.TypeAliasDeclaration, SyntaxKind.EnumDeclaration, SyntaxKind.EnumMember,
  SyntaxKind.VariableStatement, SyntaxKind.VariableDeclarationList, SyntaxKind.VariableDeclaration,
  SyntaxKind.ClassDeclaration, SyntaxKind.PropertyDeclaration, SyntaxKind.MethodDeclaration, SyntaxKind.Constructor,
  SyntaxKind.TypeParameter, SyntaxKind.IndexSignature, SyntaxKind.ModuleBlock,
  // modifiers
  SyntaxKind.ExportKeyword, SyntaxKind.DeclareKeyword, SyntaxKind.ConstKeyword, SyntaxKind.ReadonlyKeyword,
  SyntaxKind.PrivateKeyword, SyntaxKind.PublicKeyword, SyntaxKind.StaticKeyword,
  // types
  SyntaxKind.TypeReference, SyntaxKind.NumberKeyword, SyntaxKind.BooleanKeyword, SyntaxKind.StringKeyword,
  SyntaxKind.VoidKeyword, SyntaxKind.NeverKeyword, SyntaxKind.UnknownKeyword, SyntaxKind.UndefinedKeyword,
  SyntaxKind.NullKeyword, SyntaxKind.LiteralType, SyntaxKind.UnionType, SyntaxKind.FunctionType,
  SyntaxKind.TypeLiteral, SyntaxKind.ParenthesizedType, SyntaxKind.ArrayType, SyntaxKind.TupleType, SyntaxKind.IntersectionType,
  SyntaxKind.ConditionalType, SyntaxKind.ObjectKeyword, SyntaxKind.TypeOperator, SyntaxKind.QualifiedName,
  SyntaxKind.ExpressionWithTypeArguments, SyntaxKind.HeritageClause, SyntaxKind.DotDotDotToken,
  SyntaxKind.QuestionToken, SyntaxKind.ExclamationToken, SyntaxKind.TrueKeyword, SyntaxKind.FalseKeyword,
  SyntaxKind.NumericLiteral, SyntaxKind.ExtendsKeyword, SyntaxKind.PrefixUnaryExpression,
  // statements
  SyntaxKind.ExpressionStatement, SyntaxKind.IfStatement, SyntaxKind.WhileStatement, SyntaxKind.DoStatement,
  SyntaxKind.ForStatement, SyntaxKind.SwitchStatement, SyntaxKind.CaseBlock, SyntaxKind.CaseClause,
  SyntaxKind.DefaultClause, SyntaxKind.BreakStatement, SyntaxKind.ContinueStatement, SyntaxKind.ReturnStatement,
  SyntaxKind.EmptyStatement, SyntaxKind.BindingElement, SyntaxKind.OmittedExpression, SyntaxKind.OfKeyword,
  // expressions
  SyntaxKind.BinaryExpression, SyntaxKind.PostfixUnaryExpression, SyntaxKind.ConditionalExpression,
  SyntaxKind.CallExpression, SyntaxKind.PropertyAccessExpression, SyntaxKind.ElementAccessExpression,
  SyntaxKind.ParenthesizedExpression, SyntaxKind.ObjectLiteralExpression, SyntaxKind.PropertyAssignment,
  SyntaxKind.ShorthandPropertyAssignment, SyntaxKind.ArrayLiteralExpression, SyntaxKind.NonNullExpression,
  SyntaxKind.ThisKeyword, SyntaxKind.NullKeyword, SyntaxKind.SuperKeyword,
  // tokens that appear as children
  SyntaxKind.EqualsToken, SyntaxKind.PlusToken, SyntaxKind.MinusToken, SyntaxKind.AsteriskToken,
  SyntaxKind.SlashToken, SyntaxKind.PercentToken, SyntaxKind.LessThanLessThanToken,
  SyntaxKind.GreaterThanGreaterThanToken, SyntaxKind.GreaterThanGreaterThanGreaterThanToken,
  SyntaxKind.LessThanToken, SyntaxKind.LessThanEqualsToken, SyntaxKind.GreaterThanToken,
  SyntaxKind.GreaterThanEqualsToken, SyntaxKind.EqualsEqualsEqualsToken, SyntaxKind.ExclamationEqualsEqualsToken,
  SyntaxKind.AmpersandToken, SyntaxKind.BarToken, SyntaxKind.CaretToken, SyntaxKind.AmpersandAmpersandToken,
  SyntaxKind.BarBarToken, SyntaxKind.PlusEqualsToken, SyntaxKind.MinusEqualsToken, SyntaxKind.AsteriskEqualsToken,
  SyntaxKind.SlashEqualsToken, SyntaxKind.PercentEqualsToken, SyntaxKind.AmpersandEqualsToken,
  SyntaxKind.BarEqualsToken, SyntaxKind.CaretEqualsToken, SyntaxKind.LessThanLessThanEqualsToken,
  SyntaxKind.GreaterThanGreaterThanEqualsToken, SyntaxKind.GreaterThanGreaterThanGreaterThanEqualsToken,
  SyntaxKind.ColonToken, SyntaxKind.TildeToken, SyntaxKind.ExclamationToken,
  SyntaxKind.PlusPlusToken, SyntaxKind.MinusMinusToken,
  // the `=>` of the one arrow function the subset takes (a closure returned to Lua: closures.ts); any other arrow is refused whole
  SyntaxKind.EqualsGreaterThanToken,
  SyntaxKind.JSDoc, SyntaxKind.JSDocTag, SyntaxKind.JSDocText, SyntaxKind.JSDocComment,
]);
