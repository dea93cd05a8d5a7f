from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'markdown.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_r = resolve('r')
    l_0_a = l_0_icons = missing
    try:
        t_1 = environment.filters['e']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'e' found.")
    try:
        t_2 = environment.filters['grid']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'grid' found.")
    try:
        t_3 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    try:
        t_4 = environment.filters['points']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No filter named 'points' found.")
    try:
        t_5 = environment.filters['replace']
    except KeyError:
        @internalcode
        def t_5(*unused):
            raise TemplateRuntimeError("No filter named 'replace' found.")
    try:
        t_6 = environment.filters['short']
    except KeyError:
        @internalcode
        def t_6(*unused):
            raise TemplateRuntimeError("No filter named 'short' found.")
    try:
        t_7 = environment.filters['truncate_lines']
    except KeyError:
        @internalcode
        def t_7(*unused):
            raise TemplateRuntimeError("No filter named 'truncate_lines' found.")
    try:
        t_8 = environment.tests['defined']
    except KeyError:
        @internalcode
        def t_8(*unused):
            raise TemplateRuntimeError("No test named 'defined' found.")
    try:
        t_9 = environment.tests['none']
    except KeyError:
        @internalcode
        def t_9(*unused):
            raise TemplateRuntimeError("No test named 'none' found.")
    pass
    l_0_a = environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'assignment')
    context.vars['a'] = l_0_a
    context.exported_vars.add('a')
    l_0_icons = {'passed': '✅', 'partial': '🟡', 'failed': '❌', 'error': '💥', 'not_gradable': '⛔', 'not_run': '⏳', 'invalid': '⚠️', 'ungraded': '❔'}
    context.vars['icons'] = l_0_icons
    context.exported_vars.add('icons')
    yield '## '
    yield str(t_1(environment.getattr((undefined(name='a') if l_0_a is missing else l_0_a), 'title')))
    yield ': '
    yield str(t_4(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'total')))
    yield '/'
    yield str(t_4(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'max_total')))
    yield '\n\n'
    if (not context.call(environment.getattr(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'imported'), 'get'), 'ok', True)):
        pass
        yield '> [!CAUTION]\n> Your module could not be imported, so no problem could be graded: '
        yield str(t_1(environment.getattr(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'imported'), 'detail')))
        yield '\n\n'
        if (environment.getattr(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'imported'), 'error') and environment.getattr(environment.getattr(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'imported'), 'error'), 'traceback')):
            pass
            yield '```text\n'
            yield str(environment.getattr(environment.getattr(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'imported'), 'error'), 'traceback'))
            yield '\n```\n\n'
    yield '| | Problem | Score | Notes |\n|---|---|---:|---|\n'
    for l_1_p in environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'problems'):
        _loop_vars = {}
        pass
        yield '| '
        yield str(environment.getitem((undefined(name='icons') if l_0_icons is missing else l_0_icons), environment.getattr(l_1_p, 'status')))
        yield ' | `'
        yield str(environment.getattr(l_1_p, 'id'))
        yield '` | '
        yield str(t_4(environment.getattr(l_1_p, 'score')))
        yield '/'
        yield str(t_4(environment.getattr(l_1_p, 'max_score')))
        yield ' | '
        yield str(t_5(context.eval_ctx, t_5(context.eval_ctx, t_1(t_6((environment.getitem(environment.getattr(l_1_p, 'messages'), 0) if environment.getattr(l_1_p, 'messages') else ('' if (environment.getattr(l_1_p, 'status') == 'passed') else t_5(context.eval_ctx, environment.getattr(l_1_p, 'status'), '_', ' '))), 100)), '|', '\\|'), '\n', ' '))
        yield ' |\n'
    l_1_p = missing
    yield '\n'
    def t_10(fiter):
        for l_1_p in fiter:
            if ((environment.getattr(l_1_p, 'status') in ('failed', 'partial', 'ungraded', 'invalid')) and (not ((environment.getattr(l_1_p, 'cases') and environment.getattr(environment.getitem(environment.getattr(l_1_p, 'cases'), 0), 'error')) and (environment.getattr(environment.getattr(environment.getitem(environment.getattr(l_1_p, 'cases'), 0), 'error'), 'type') in ('MissingName', 'NotCallable'))))):
                yield l_1_p
    l_1_loop = missing
    for l_1_p, l_1_loop in LoopContext(t_10(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'problems')), undefined):
        _loop_vars = {}
        pass
        if environment.getattr(l_1_loop, 'first'):
            pass
            yield '### Details\n\n'
        yield '<details><summary>'
        yield str(environment.getitem((undefined(name='icons') if l_0_icons is missing else l_0_icons), environment.getattr(l_1_p, 'status')))
        yield ' <code>'
        yield str(environment.getattr(l_1_p, 'id'))
        yield '</code>: '
        yield str(t_4(environment.getattr(l_1_p, 'score')))
        yield '/'
        yield str(t_4(environment.getattr(l_1_p, 'max_score')))
        yield '</summary>\n\n'
        if (t_3(environment.getattr(l_1_p, 'cases')) != 1):
            pass
            for l_2_m in environment.getattr(l_1_p, 'messages'):
                _loop_vars = {}
                pass
                yield str(t_1(l_2_m))
                yield '\n\n'
            l_2_m = missing
        def t_11(fiter):
            for l_2_c in fiter:
                if ((environment.getattr(l_2_c, 'status') not in ('passed', 'not_run')) and (not context.call(environment.getattr(environment.getattr(l_2_c, 'message'), 'startswith'), 'not run'))):
                    yield l_2_c
        l_2_loop = missing
        for l_2_c, l_2_loop in LoopContext(t_11(environment.getattr(l_1_p, 'cases')), undefined):
            _loop_vars = {}
            pass
            if (t_3(environment.getattr(l_1_p, 'cases')) > 1):
                pass
                yield '**'
                yield str(t_1(environment.getattr(l_2_c, 'name')))
                yield '**: '
            yield str(t_1(environment.getattr(l_2_c, 'message')))
            yield '\n\n'
            if (t_8(environment.getattr(environment.getattr(l_2_c, 'details'), 'mask')) and (not t_9(environment.getattr(l_2_c, 'observed')))):
                pass
                yield '```text\ngot (cells marked * differ)\n'
                l_3_loop = missing
                for l_3_row, l_3_loop in LoopContext(t_2(environment.getattr(l_2_c, 'observed'), environment.getattr(environment.getattr(l_2_c, 'details'), 'mask')), undefined):
                    _loop_vars = {}
                    pass
                    yield '['
                    l_4_loop = missing
                    for (l_4_cell, l_4_bad), l_4_loop in LoopContext(l_3_row, undefined):
                        _loop_vars = {}
                        pass
                        yield str((' ' if (not environment.getattr(l_4_loop, 'first')) else cond_expr_undefined("the inline if-expression on line 42 in 'markdown.j2' evaluated to false and no else section was defined.")))
                        yield str(l_4_cell)
                        yield str(('*' if l_4_bad else ' '))
                    l_4_loop = l_4_cell = l_4_bad = missing
                    yield ']\n'
                l_3_loop = l_3_row = missing
                yield 'expected\n'
                l_3_loop = missing
                for l_3_row, l_3_loop in LoopContext(t_2(environment.getattr(l_2_c, 'expected')), undefined):
                    _loop_vars = {}
                    pass
                    yield '['
                    l_4_loop = missing
                    for (l_4_cell, l_4_bad), l_4_loop in LoopContext(l_3_row, undefined):
                        _loop_vars = {}
                        pass
                        yield str((' ' if (not environment.getattr(l_4_loop, 'first')) else cond_expr_undefined("the inline if-expression on line 46 in 'markdown.j2' evaluated to false and no else section was defined.")))
                        yield str(l_4_cell)
                        yield ' '
                    l_4_loop = l_4_cell = l_4_bad = missing
                    yield ']\n'
                l_3_loop = l_3_row = missing
                yield '```\n\n'
            if t_8(environment.getattr(environment.getattr(l_2_c, 'details'), 'pointer')):
                pass
                yield '```text\n'
                yield str(environment.getattr(environment.getattr(l_2_c, 'details'), 'pointer'))
                yield '\n```\n\n'
            if t_8(environment.getattr(environment.getattr(l_2_c, 'details'), 'latex')):
                pass
                yield 'Your answer, as parsed: $'
                yield str(environment.getattr(environment.getattr(l_2_c, 'details'), 'latex'))
                yield '$\n\n'
            if (t_8(environment.getattr(environment.getattr(l_2_c, 'details'), 'counterexample')) and environment.getattr(environment.getattr(l_2_c, 'details'), 'counterexample')):
                pass
                yield 'Counterexample: '
                l_3_loop = missing
                for (l_3_k, l_3_v), l_3_loop in LoopContext(context.call(environment.getattr(environment.getattr(environment.getattr(l_2_c, 'details'), 'counterexample'), 'items'), _loop_vars=_loop_vars), undefined):
                    _loop_vars = {}
                    pass
                    yield '`'
                    yield str(l_3_k)
                    yield ' = '
                    yield str(l_3_v)
                    yield '`'
                    yield str((', ' if (not environment.getattr(l_3_loop, 'last')) else cond_expr_undefined("the inline if-expression on line 62 in 'markdown.j2' evaluated to false and no else section was defined.")))
                l_3_loop = l_3_k = l_3_v = missing
                yield '\n\n'
            if (environment.getattr(l_2_c, 'error') and environment.getattr(environment.getattr(l_2_c, 'error'), 'traceback')):
                pass
                yield '```text\n'
                yield str(t_7(environment.getattr(environment.getattr(l_2_c, 'error'), 'traceback'), 14))
                yield '\n```\n\n'
            for l_3_n in environment.getattr(l_2_c, 'notes'):
                _loop_vars = {}
                pass
                yield '_Note: '
                yield str(t_1(l_3_n))
                yield '_\n\n'
            l_3_n = missing
            for l_3_f in environment.getattr(l_2_c, 'feedback'):
                _loop_vars = {}
                pass
                yield '> 💡 '
                yield str(t_5(context.eval_ctx, t_1(l_3_f), '\n', '\n> '))
                yield '\n\n'
            l_3_f = missing
        l_2_loop = l_2_c = missing
        yield '</details>\n\n'
    l_1_loop = l_1_p = missing
    yield '<sub>grader '
    yield str(environment.getattr(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'grader'), 'version'))
    yield ' · '
    yield str(environment.getattr((undefined(name='a') if l_0_a is missing else l_0_a), 'name'))
    yield ' · submission sha256 '
    yield str(environment.getattr(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'submission'), 'sha256')[:12])
    if context.call(environment.getattr(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'isolation'), 'get'), 'level'):
        pass
        yield ' · isolation '
        yield str(context.call(environment.getattr(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'isolation'), 'get'), 'level'))
    yield '</sub>\n'

blocks = {}
debug_info = '1=67&2=70&3=74&5=80&7=83&9=85&11=88&18=91&19=95&22=107&23=115&27=119&29=127&30=129&31=132&35=135&36=143&38=150&41=154&42=159&45=170&46=175&51=185&53=188&57=190&58=193&61=195&62=199&66=210&68=213&72=215&73=219&76=222&77=226&84=233'