"""Parsing student answers: a whitelist over Python's ast, never eval/sympify."""

import time

import pytest
import sympy

from grader.symbolic import ParseError, UnknownNameError, make_namespace, parse

NS = make_namespace(
    {"x": {"real": True}, "y": {"real": True}, "p_i": {"positive": True}, "p_j": {"positive": True}, "N": {"positive": True}},
    {"sigma": "1/(1 + exp(-t))", "f": None},
)
x, y, p_i = NS.symbols["x"], NS.symbols["y"], NS.symbols["p_i"]


def value(text: str):
    return parse(text, NS).value


def error(text: str) -> ParseError:
    with pytest.raises(ParseError) as info:
        parse(text, NS)
    return info.value


# ---------------------------------------------------------------- accepted


def test_caret_is_power():
    assert value("x^2*y") == x**2 * y


def test_declared_symbols_carry_their_assumptions():
    assert value("p_i").is_positive


def test_decimal_literals_are_exact_decimals():
    parsed = parse("0.5*x + 1e-7", NS)
    assert parsed.value == x / 2 + sympy.Rational(1, 10**7)
    assert parsed.decimals


def test_integers_do_not_count_as_decimals():
    assert not parse("2*x + 3", NS).decimals


def test_declared_function_is_kept_undefined_while_parsing():
    assert value("sigma(x)*(1 - sigma(x))") == NS.functions["sigma"].func(x) * (1 - NS.functions["sigma"].func(x))


def test_standard_functions_and_constants_under_sympy_names():
    assert value("sqrt(x) + exp(x) + log(x) + Abs(x) + atanh(x) + pi + E + I") == (
        sympy.sqrt(x) + sympy.exp(x) + sympy.log(x) + sympy.Abs(x) + sympy.atanh(x) + sympy.pi + sympy.E + sympy.I
    )


def test_unevaluated_derivative_is_accepted():
    assert isinstance(value("Derivative(sigma(x), x)"), sympy.Derivative)


def test_sum_may_bind_a_new_index_name():
    k = sympy.Symbol("k", integer=True)
    assert value("Sum(1/k**2, (k, 1, oo))") == sympy.Sum(1 / k**2, (k, 1, sympy.oo))


def test_piecewise_with_conditions():
    assert value("Piecewise((x, x > 0), (0, True))") == sympy.Piecewise((x, x > 0), (0, True))


def test_equation_tuple_list_and_matrix():
    assert value("Eq(x, 1)") == sympy.Eq(x, 1)
    assert value("(x, y)") == (x, y)
    assert value("[x, y]") == [x, y]
    assert value("Matrix([\n[1, x],\n[2, 3]])") == sympy.Matrix([[1, x], [2, 3]])


def test_sympy_printed_text_round_trips():
    from sympy.printing.str import StrPrinter

    expr = sympy.Piecewise((x**2 * sympy.exp(-x), x > 0), (sympy.sin(x) / 3, True)) + sympy.Abs(y)
    assert value(StrPrinter({"full_prec": True}).doprint(expr)) == expr


# ---------------------------------------------------------------- rejected, with a position


def test_attribute_access_is_rejected_with_position():
    err = error("x + y.real")
    assert "attribute" in str(err)
    assert (err.line, err.col, err.offset) == (1, 4, 4)


def test_subscript_is_rejected():
    assert "indexing" in str(error("x[0]"))


def test_lambda_and_comprehension_are_rejected():
    assert "lambda" in str(error("lambda: 1"))
    assert "comprehension" in str(error("[x for x in y]"))


def test_dunder_import_is_an_unknown_function():
    assert "your answer calls `__import__`, which is not a known function" in str(error("__import__('os')"))


def test_method_call_is_rejected_as_attribute_access():
    assert "attribute access" in str(error("__import__('os').system('true')"))


def test_strings_are_rejected():
    assert "string" in str(error("sqrt('x')"))


def test_keyword_arguments_are_rejected():
    assert "keyword" in str(error("Derivative(x, x, evaluate=True)"))


def test_wrong_symbol_name_lists_the_problems_symbols():
    err = error("p*(1 - p)")
    assert isinstance(err, UnknownNameError) and err.name == "p"
    assert "your answer uses `p` but the problem's symbols are `N`, `p_i`, `p_j`, `x`, `y`" in str(err)


def test_symbol_names_are_case_sensitive_with_a_hint():
    assert "did you mean `N`?" in str(error("n**2"))


def test_lowercase_e_gets_a_hint():
    assert "E or exp(1)" in str(error("e^x"))


def test_unknown_function_is_rejected():
    assert "`g`" in str(error("g(x)"))


def test_calling_a_symbol_suggests_multiplication():
    assert "x*(...)" in str(error("x(y + 1)"))


def test_syntax_error_reports_the_column():
    err = error("x + * 2")
    assert err.col == 4 and "syntax error" in str(err)
    assert err.pointer() == "x + * 2\n    ^"


def test_implicit_multiplication_is_a_syntax_error():
    assert error("2x").offset is not None


def test_positions_account_for_caret_rewriting():
    assert error("x^2 + y.real").col == 6


def test_unmatched_parenthesis_has_a_position():
    assert error("x) + (y").col == 1


def test_big_o_only_where_allowed():
    assert "growth-rate" in str(error("O(x)"))
    assert parse("O(N**2)", NS, allow_order=True).value == NS.symbols["N"] ** 2


# ---------------------------------------------------------------- size bounds


@pytest.mark.parametrize(
    "text",
    [
        "9**9**9**9",
        "2**(10**6)",
        "x**100000",
        "factorial(10**6)",
        "1e999999",
        "9" * 5000,
        "x + " * 2000 + "x",
        "(" * 500 + "x" + ")" * 500,
        "-" * 3000 + "x",
        "x" * (2 * 2**20),
        "10**400 * " * 200 + "1",
    ],
    ids=["tower", "huge_power", "huge_exponent", "huge_factorial", "huge_float", "huge_int", "long_sum", "deep_parens", "sign_chain", "1MB", "number_growth"],
)
def test_oversized_inputs_are_rejected_fast(text):
    start = time.perf_counter()
    with pytest.raises(ParseError):
        parse(text, NS)
    assert time.perf_counter() - start < 1.0


def test_moderate_integers_are_fine():
    assert value("2**100 + 10**50") == 2**100 + 10**50
