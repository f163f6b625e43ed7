"""The root of ``dj``: the global options, the registration of the commands, the error boundary.

Commands live in ``cli/commands/``, one module each; they share ``cli/common.py`` and print
through ``cli/output.py``, and never import this module. The boundary is the root group's
``main`` (``boundary.RootGroup``), so no command can forget it. Core modules are imported
inside the commands, and the command modules themselves only when their command runs
(``DjRoot.lazy``), so that ``dj --help`` stays fast.
"""

from pathlib import Path
from typing import Annotated, Optional

import typer

from .. import __version__
from .common import State
from .boundary import RootGroup
from .framework import DjTyper, examples


class DjRoot(RootGroup):
    lazy = {
        "init": ("init", None, "新建工作区：dj.yaml、目录、编辑器与 CI 配置，并完成首次提交。"),
        "dept": ("people", "dept_app", "部门：新增内设机构或部门（departments/ 中一个部门一个文件）。"),
        "person": ("people", "person_app", "人员：新增人员、调整职务、登记离任（people/ 中一人一个文件）。"),
        "assign": ("assign", "assign_app", "责任分解求“实”：各层级责任清单、重点工作责任链条、理论学习、责任书与签单。"),
        "check": ("check", None, "校验全部记录：语法、编码、字段、引用和责任制规则，一次列出所有问题。"),
        "review": ("review", "review_app", "责任考核求“准”：组织查与群众议相结合，按 dj.yaml 中的权重计算每名领导干部、部门负责人和党组的得分与等次，并给出评优、选拔任用等结果运用；--explain 列出每一分来自哪条记录。"),
        "pursue": ("pursue", "pursue_app", "责任追究求“严”：案件从受理到结案各阶段留痕，按事发时的任职认定责任，处理方式与对象相符，谈话和离任交接有记录。"),
        "due": ("due", None, "期限提醒：年度工作节点和各项记录的期限，谁在何时之前应完成什么；已完成、蓝色（未到期）、黄色（即将到期）、红色（已逾期）。"),
        "report": ("report", "report_app", "报告：向上级党委、纪委报送的年度（半年）落实党风廉政建设责任制情况报告，以及其他文书。报告由记录生成，写入 reports/ 并提交到 git，注明所依据的提交和记录摘要；--verify 逐份核验。"),
        "log": ("log", None, "查看改动历史：谁在什么时候改了哪些记录，文件改名的一并跟随；dj 命令所做的提交注明是哪个命令。"),
        "schema": ("schema", None, "导出各类记录和 dj.yaml 的 JSON Schema，供编辑器提示和校验。"),
        "completion": ("completion", None, "命令补全：在终端中按 Tab 键补全命令、选项、人员姓名和责任事项编号。"),
    }


app = DjTyper(
    name="dj",
    cls=DjRoot,
    help="dj：党风廉政建设责任制记录工具。责任分解（assign）、检查考核（check、review）、责任追究（pursue）与年度报告（report），记录以 YAML 保存在 git 仓库中。",
    epilog=examples(
        ("新建工作区", "dj init 党风廉政记录 --name 某某县人民检察院 --year 2025"),
        ("在工作区中校验全部记录", "dj check"),
        ("在别处运行，如同先进入该目录", "dj -C 党风廉政记录 check"),
        ("查看某个命令的说明", "dj assign -h"),
    ),
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"dj {__version__}")
        raise typer.Exit()


@app.callback()
def _global(
    directory: Annotated[Optional[Path], typer.Option("-C", help="在指定目录中运行，如同先进入该目录（与 git -C 相同）；命令行中的相对路径也从这里算起。", metavar="目录")] = None,
    debug: Annotated[bool, typer.Option("--debug", help="出现内部错误时显示完整的错误堆栈。")] = False,
    version: Annotated[bool, typer.Option("--version", "-V", help="显示版本号并退出。", callback=_version, is_eager=True)] = False,
) -> None:
    """dj：党风廉政建设责任制记录工具。"""
    from ..errors import ConfigError

    State.debug = debug
    if directory is not None:
        folder = directory if directory.is_absolute() else Path.cwd() / directory
        if not folder.is_dir():
            why = "不是文件夹" if folder.exists() else "不存在"
            raise ConfigError(f"无法进入目录 {directory}：{why}。请检查 -C 后面的路径。")
        State.directory = folder


__all__ = ["app"]
